import DaiBaiCore
import Foundation
import HTTPTypes

/// The Entra authority host a token request goes to, for example `https://login.microsoftonline.com`.
///
/// A host without a scheme gets `https://`. Plain `http` is accepted only for loopback hosts
/// (local test servers); anything else must be `https`, so a secret never travels unencrypted.
struct IdentityAuthority: Sendable, Hashable {
    /// The default public-cloud authority.
    static let publicCloud = "https://login.microsoftonline.com"

    /// `http` or `https`.
    var scheme: String
    /// `host[:port]`.
    var authority: String
    /// A path prefix without a trailing slash (usually empty).
    var pathPrefix: String

    /// Parses `host`; the error says what is wrong and names `credential`.
    static func parse(_ host: String, credential: String) throws(CredentialError) -> IdentityAuthority {
        var text = host.trimmingCharacters(in: .whitespaces)
        if !text.contains("://") { text = "https://" + text }
        guard let components = URLComponents(string: text), let hostName = components.host, !hostName.isEmpty,
              let scheme = components.scheme?.lowercased()
        else {
            throw .authenticationFailed(credential: credential, reason: "the authority host '\(host)' is not a valid URL; use for example \(publicCloud)")
        }
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(hostName.lowercased())
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw .authenticationFailed(credential: credential, reason: "the authority host '\(host)' must use https")
        }
        guard components.query == nil, components.fragment == nil, components.user == nil else {
            throw .authenticationFailed(credential: credential, reason: "the authority host '\(host)' must not contain a query, fragment or user info")
        }
        let authority = components.port.map { "\(hostName):\($0)" } ?? hostName
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        return IdentityAuthority(scheme: scheme, authority: authority, pathPrefix: path)
    }

    /// The v2.0 token endpoint path for `tenant`.
    func tokenPath(tenant: String) -> String { "\(pathPrefix)/\(tenant)/oauth2/v2.0/token" }

    /// The v2.0 token endpoint URL for `tenant` (the `aud` of a client assertion).
    func tokenURL(tenant: String) -> String { "\(scheme)://\(authority)\(tokenPath(tenant: tenant))" }
}
