import DaiBaiCore
import Foundation

/// An Azure Relay connection string, as the Azure portal shows it for a shared access policy:
/// `Endpoint=sb://{namespace}/;SharedAccessKeyName={name};SharedAccessKey={key};EntityPath={hybrid connection}`.
///
/// Keys are matched without regard to case. Without `SharedAccessKeyName`/`SharedAccessKey` the
/// string names only the address, and tokens come from Microsoft Entra instead.
public struct RelayConnectionString: Sendable, CustomStringConvertible {
    /// The hybrid connection it names.
    public var address: HybridConnectionAddress
    /// The shared access policy's name, if the string carries a key.
    public var keyName: String?
    /// The policy's key, if the string carries one.
    public var key: SecretValue?

    /// Parses `text` (a secret: it may carry a key).
    /// - Parameter endpointOverride: Another WebSocket endpoint, for tests; `nil` in production.
    public init(_ text: SecretValue, endpointOverride: URL? = nil) throws(RelayError) {
        var fields: [String: String] = [:]
        for part in text.revealed().split(separator: ";", omittingEmptySubsequences: true) {
            guard let equals = part.firstIndex(of: "=") else {
                throw .misconfigured("a relay connection string is Key=Value pairs separated by ';' (one part has no '=')")
            }
            let name = part[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            fields[name] = String(part[part.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        }
        guard let endpoint = fields["endpoint"], !endpoint.isEmpty else {
            throw .misconfigured("the relay connection string has no Endpoint=sb://{namespace}/")
        }
        guard let path = fields["entitypath"], !path.isEmpty else {
            throw .misconfigured("the relay connection string has no EntityPath={hybrid connection name}")
        }
        address = HybridConnectionAddress(namespace: endpoint, path: path, endpointOverride: endpointOverride)
        guard !address.namespace.isEmpty else {
            throw .misconfigured("the relay connection string's Endpoint names no namespace host")
        }
        keyName = fields["sharedaccesskeyname"].flatMap { $0.isEmpty ? nil : $0 }
        key = fields["sharedaccesskey"].flatMap { $0.isEmpty ? nil : SecretValue($0) }
        if (keyName == nil) != (key == nil) {
            throw .misconfigured("the relay connection string needs both SharedAccessKeyName and SharedAccessKey, or neither (for Entra)")
        }
    }

    /// A token provider for the key it carries, or `nil` when it carries none.
    public func sharedAccessKeyProvider(validity: Duration = .seconds(3600)) -> SharedAccessKeyTokenProvider? {
        guard let keyName, let key else { return nil }
        return SharedAccessKeyTokenProvider(keyName: keyName, key: key, validity: validity)
    }

    /// The address and key name; never the key.
    public var description: String {
        "RelayConnectionString(\(address), keyName: \(keyName ?? "none"), key: \(key == nil ? "none" : "<redacted>"))"
    }
}
