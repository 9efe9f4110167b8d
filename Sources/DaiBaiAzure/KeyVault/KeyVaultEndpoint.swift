import DaiBaiCore
import Foundation
import HTTPTypes

/// The vault's origin (scheme, host, port): the only place requests, and tokens, ever go.
struct KeyVaultEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https`, or `http` for loopback hosts only.
    let scheme: String
    /// The host, lowercased.
    let host: String
    /// The port; `nil` for the scheme's default.
    let port: Int?

    /// Parses a vault URL such as `https://myvault.vault.azure.net/`.
    ///
    /// - Throws: ``SecretStoreError/misconfigured(_:)`` when it is not an `https` URL with a host
    ///   and no path, query or credentials (`http` is accepted for loopback hosts, for tests).
    init(vaultURL: String) throws(SecretStoreError) {
        let fix = "set it to the vault's URI, for example https://myvault.vault.azure.net/"
        guard let components = URLComponents(string: vaultURL.trimmingCharacters(in: .whitespaces)),
              let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty
        else {
            throw .misconfigured("the Key Vault URL is not a valid absolute URL; \(fix)")
        }
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil,
              components.percentEncodedPath.isEmpty || components.percentEncodedPath == "/"
        else {
            throw .misconfigured("the Key Vault URL must not carry credentials, a path, a query or a fragment; \(fix)")
        }
        guard scheme == "https" || (scheme == "http" && Self.isLoopback(host)) else {
            throw .misconfigured("the Key Vault URL must use https (http is only accepted for loopback hosts); \(fix)")
        }
        self.scheme = scheme
        self.host = host
        self.port = components.port.flatMap { $0 == Self.defaultPort(scheme) ? nil : $0 }
    }

    /// `host[:port]`.
    var authority: String { port.map { "\(host):\($0)" } ?? host }

    /// `scheme://authority`.
    var description: String { "\(scheme)://\(authority)" }

    /// A request head for `pathAndQuery` (which starts with `/`) on this origin.
    func request(_ method: HTTPRequest.Method, pathAndQuery: String) -> HTTPRequest {
        HTTPRequest(method: method, scheme: scheme, authority: authority, path: pathAndQuery)
    }

    /// The path and query of `link` when it points to this origin (same scheme, host and port),
    /// otherwise `nil`. Used for `nextLink`, so a token never leaves the vault.
    func pathAndQuery(ofSameOriginLink link: String) -> String? {
        guard let components = URLComponents(string: link),
              let scheme = components.scheme?.lowercased(), scheme == self.scheme,
              let host = components.host?.lowercased(), host == self.host,
              components.user == nil, components.password == nil
        else { return nil }
        let port = components.port.flatMap { $0 == Self.defaultPort(scheme) ? nil : $0 }
        guard port == self.port else { return nil }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        guard path.hasPrefix("/") else { return nil }
        return components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
    }

    static func defaultPort(_ scheme: String) -> Int { scheme == "https" ? 443 : 80 }

    /// Whether `host` is `localhost`, `::1` or an IPv4 literal in 127.0.0.0/8.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && Int(part).map { (0...255).contains($0) } == true
        }
    }
}
