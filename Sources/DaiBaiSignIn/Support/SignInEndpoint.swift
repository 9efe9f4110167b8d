import Foundation

/// The URL rule every endpoint of sign-in follows: `https`, or plain `http` to a loopback
/// host only (a test server or a local development identity provider), never anywhere else.
enum SignInEndpoint {
    /// The hosts plain `http` is accepted for.
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]"]

    /// The parsed `url` if it is an absolute `https` URL with a host (or `http` to a loopback
    /// host), without user info or fragment; otherwise `nil`.
    static func components(_ url: String) -> URLComponents? {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty,
              components.user == nil, components.password == nil, components.fragment == nil
        else { return nil }
        switch scheme {
        case "https": return components
        case "http": return loopbackHosts.contains(host) ? components : nil
        default: return nil
        }
    }

    /// Whether `url` follows the rule.
    static func isAcceptable(_ url: String) -> Bool { components(url) != nil }
}
