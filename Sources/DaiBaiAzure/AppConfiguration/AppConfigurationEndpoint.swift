import Foundation
import HTTPTypes

/// The scheme and authority every request goes to. `https` is required, except for loopback
/// hosts (`localhost`, `127.0.0.1`, `::1`), where `http` is allowed for local emulators and tests.
struct AppConfigurationEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https` (or `http` on loopback).
    let scheme: String
    /// `host[:port]`, as sent in the `Host` header and signed.
    let authority: String
    /// The host name, lower-cased.
    let host: String

    init(parsing text: String) throws(AppConfigurationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed),
              let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty
        else {
            throw .invalidEndpoint(reason: "'\(trimmed)' is not an absolute URL")
        }
        guard components.user == nil, components.password == nil else {
            throw .invalidEndpoint(reason: "the URL must not contain user information")
        }
        let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host)
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw .invalidEndpoint(reason: "the scheme must be https (http only for localhost)")
        }
        self.scheme = scheme
        self.host = host
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        self.authority = components.port.map { "\(hostPart):\($0)" } ?? hostPart
    }

    /// `scheme://authority`.
    var origin: String { "\(scheme)://\(authority)" }

    var description: String { origin }

    /// A request head for `pathAndQuery` (which starts with `/`).
    func request(_ method: HTTPRequest.Method, pathAndQuery: String) -> HTTPRequest {
        HTTPRequest(method: method, scheme: scheme, authority: authority, path: pathAndQuery)
    }

    /// The request target of a `Link` / `@nextLink` URL: relative links are resolved against
    /// this endpoint, absolute ones must point to this scheme and authority.
    func resolve(link: String) throws(AppConfigurationError) -> String {
        if link.hasPrefix("/") { return link }
        guard let components = URLComponents(string: link), let linkHost = components.host?.lowercased() else {
            throw .invalidResponse("the paging link is not a URL")
        }
        let linkScheme = components.scheme?.lowercased() ?? scheme
        let linkAuthority = components.port.map { "\(linkHost):\($0)" } ?? linkHost
        guard linkScheme == scheme, linkAuthority == authority else {
            throw .foreignNextLink(host: linkHost)
        }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        return components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
    }
}
