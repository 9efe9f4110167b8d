import Foundation

/// Where one hybrid connection lives: its Azure Relay namespace and path.
///
/// The namespace is a host name such as `contoso.servicebus.windows.net`. Tokens are issued for
/// ``audience``; WebSockets go to ``serviceEndpoint`` (`wss://{namespace}`), which a test or a
/// private deployment may point at another host with `endpointOverride`.
public struct HybridConnectionAddress: Sendable, Hashable, CustomStringConvertible {
    /// The namespace host name, such as `contoso.servicebus.windows.net`.
    public var namespace: String
    /// The hybrid connection's name (its path in the namespace).
    public var path: String
    /// The WebSocket endpoint used instead of `wss://{namespace}`, such as
    /// `ws://127.0.0.1:8080` for a local relay; `nil` in production.
    public var endpointOverride: URL?

    /// Creates an address.
    /// - Parameters:
    ///   - namespace: The namespace host name (a scheme or trailing slash is removed).
    ///   - path: The hybrid connection's name (leading and trailing slashes are removed).
    ///   - endpointOverride: Another WebSocket endpoint, for tests; `nil` in production.
    public init(namespace: String, path: String, endpointOverride: URL? = nil) {
        var host = Substring(namespace)
        for scheme in ["sb://", "wss://", "https://", "http://", "ws://"] where host.lowercased().hasPrefix(scheme) {
            host = host.dropFirst(scheme.count)
        }
        self.namespace = String(host.trimmingCharacters(in: CharacterSet(charactersIn: "/")))
        self.path = path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.endpointOverride = endpointOverride
    }

    /// The resource tokens are issued for: `http://{namespace}/{path}/` with the host lowercased
    /// and the path's case kept, as the .NET Azure Relay SDK normalises it.
    public var audience: String {
        "http://\(namespace.lowercased())/\(path)/"
    }

    /// The WebSocket base the listener and sender connect to.
    public var serviceEndpoint: String {
        if let endpointOverride {
            var text = endpointOverride.absoluteString
            while text.hasSuffix("/") { text.removeLast() }
            return text
        }
        return "wss://\(namespace)"
    }

    /// The listener's control channel URL (`sb-hc-action=listen`); the token goes in a header.
    func listenURL(id: String) -> String {
        "\(serviceEndpoint)/$hc/\(Self.encodedPath(path))?sb-hc-action=listen&sb-hc-id=\(SharedAccessSignature.formEncoded(id))"
    }

    /// The sender's URL (`sb-hc-action=connect`); the token goes in a header.
    func connectURL(id: String) -> String {
        "\(serviceEndpoint)/$hc/\(Self.encodedPath(path))?sb-hc-action=connect&sb-hc-id=\(SharedAccessSignature.formEncoded(id))"
    }

    /// `namespace/path`, for messages (never with a token).
    public var description: String { "\(namespace)/\(path)" }

    private static func encodedPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { SharedAccessSignature.formEncoded(String($0)) }
            .joined(separator: "/")
    }
}
