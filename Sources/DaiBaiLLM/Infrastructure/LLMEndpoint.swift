import Foundation
import HTTPTypes

/// A validated provider base URL: the only place requests, and the key, may go.
///
/// Endpoints come only from configuration. Every request is built as this base URL plus a
/// fixed path chosen by the provider (``request(_:path:headerFields:)``), so its scheme and
/// authority always equal the base URL's; ``owns(_:)`` checks that again before credentials
/// are attached. Repeated slashes in the path are collapsed, so a base path such as
/// `//evil.example/v1` stays a path on the configured host.
public struct LLMEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Why a base URL was refused.
    public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong with the URL and how to fix it.
        public let reason: String

        /// The reason.
        public var description: String { reason }
    }

    /// `http` or `https`, lower-cased.
    public let scheme: String
    /// The host and, if the URL names one, the port, for example `api.openai.com` or `127.0.0.1:8080`.
    public let authority: String
    /// The path prefix of every request, without a trailing slash (`""` or, for example, `/v1`).
    public let basePath: String

    /// Validates `string` as a base URL.
    ///
    /// Accepted: an absolute `http` or `https` URL with a host, an optional port and an
    /// optional path. Refused: other schemes, user information (`user:password@`), a query
    /// or a fragment.
    public init(_ string: String) throws(ValidationError) {
        let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ValidationError(reason: "the base URL is empty") }
        guard let components = URLComponents(string: trimmed) else {
            throw ValidationError(reason: "'\(trimmed)' is not a valid URL")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw ValidationError(reason: "the base URL must start with https:// (or http:// for a local server)")
        }
        guard components.percentEncodedUser == nil, components.percentEncodedPassword == nil else {
            throw ValidationError(reason: "the base URL must not contain user information; configure the key as api_key")
        }
        guard let host = components.percentEncodedHost, !host.isEmpty else {
            throw ValidationError(reason: "the base URL has no host")
        }
        guard components.percentEncodedQuery == nil, components.percentEncodedFragment == nil else {
            throw ValidationError(reason: "the base URL must not contain a query (?) or a fragment (#)")
        }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        if let port = components.port {
            guard (1...65_535).contains(port) else { throw ValidationError(reason: "the port \(port) is out of range") }
            self.authority = "\(hostPart.lowercased()):\(port)"
        } else {
            self.authority = hostPart.lowercased()
        }
        self.scheme = scheme
        self.basePath = Self.normalizedPath(components.percentEncodedPath)
    }

    /// The request path for `relativePath` (for example `chat/completions` → `/v1/chat/completions`).
    public func path(_ relativePath: String) -> String {
        let relative = Self.normalizedPath(relativePath)
        let joined = basePath + relative
        return joined.isEmpty ? "/" : joined
    }

    /// A request head for `relativePath` under this base URL, with this scheme and authority.
    public func request(_ method: HTTPRequest.Method, path relativePath: String, headerFields: HTTPFields = [:]) -> HTTPRequest {
        HTTPRequest(method: method, scheme: scheme, authority: authority, path: path(relativePath), headerFields: headerFields)
    }

    /// Whether `request` goes to this endpoint's scheme and authority (the condition for
    /// attaching credentials).
    public func owns(_ request: HTTPRequest) -> Bool {
        request.scheme?.lowercased() == scheme && request.authority?.lowercased() == authority
    }

    /// The base URL, for example `https://api.openai.com/v1`.
    public var description: String { "\(scheme)://\(authority)\(basePath)" }

    /// `path` with a single leading slash, no repeated slashes and no trailing slash (`""` for none).
    static func normalizedPath(_ path: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return segments.isEmpty ? "" : "/" + segments.joined(separator: "/")
    }
}
