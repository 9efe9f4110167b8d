import Foundation
import HTTPTypes

/// A validated Stripe base URL: `https://host[:port][/path]`, or `http://` for a loopback
/// host (tests, stripe-mock), so the key never travels in clear text over a network.
struct StripeEndpoint: Sendable, Hashable, CustomStringConvertible {
    let scheme: String
    let authority: String
    let basePath: String

    init(_ string: String) throws(StripeError) {
        guard let components = URLComponents(string: string.trimmingCharacters(in: .whitespacesAndNewlines)),
              let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty
        else { throw .configuration("the base URL '\(string)' is not an absolute http(s) URL with a host") }
        let loopback = host == "127.0.0.1" || host == "localhost" || host == "::1"
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw .configuration("the base URL must use https:// (http:// is allowed for a loopback host only)")
        }
        guard components.percentEncodedUser == nil, components.percentEncodedPassword == nil,
              components.percentEncodedQuery == nil, components.percentEncodedFragment == nil
        else { throw .configuration("the base URL must not contain user information, a query or a fragment") }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        self.scheme = scheme
        self.authority = components.port.map { "\(hostPart):\($0)" } ?? hostPart
        let segments = components.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: true)
        self.basePath = segments.isEmpty ? "" : "/" + segments.joined(separator: "/")
    }

    /// A request head for `path` (which starts with `/`) under this base URL.
    func request(_ method: HTTPRequest.Method, path: String, headerFields: HTTPFields) -> HTTPRequest {
        HTTPRequest(method: method, scheme: scheme, authority: authority, path: basePath + path, headerFields: headerFields)
    }

    var description: String { "\(scheme)://\(authority)\(basePath)" }
}
