import Foundation

/// A Key Vault authentication challenge from a 401 `WWW-Authenticate` header:
/// `Bearer authorization="https://login.microsoftonline.com/{tenant}", resource="https://vault.azure.net"`
/// (also `authorization_uri=` and `scope=`).
struct KeyVaultChallenge: Sendable, Hashable {
    /// The token scope: the challenge's `scope`, or its `resource` + `/.default`.
    let scope: String
    /// The tenant: the first path segment of the authorization URL, when there is one.
    let tenantID: String?

    /// The Bearer challenge in a `WWW-Authenticate` value, or `nil` when there is none with a
    /// `scope` or `resource`.
    init?(wwwAuthenticate value: String) {
        guard let parameters = Self.bearerParameters(in: value) else { return nil }
        let scope: String
        if let explicit = parameters["scope"], !explicit.isEmpty {
            scope = explicit
        } else if let resource = parameters["resource"], !resource.isEmpty {
            scope = resource.hasSuffix("/") ? resource + ".default" : resource + "/.default"
        } else {
            return nil
        }
        self.scope = scope
        let authorization = parameters["authorization"] ?? parameters["authorization_uri"]
        self.tenantID = authorization
            .flatMap { URLComponents(string: $0)?.path }
            .flatMap { $0.split(separator: "/").first.map(String.init) }
    }

    /// Creates a challenge from its parts.
    init(scope: String, tenantID: String?) {
        self.scope = scope
        self.tenantID = tenantID
    }

    /// The host of ``scope`` (lowercased), or `nil` when the scope is not a URL with a host.
    var resourceHost: String? {
        guard let host = URLComponents(string: scope)?.host, !host.isEmpty else { return nil }
        return host.lowercased()
    }

    /// Whether the challenge's resource may receive a token for requests to `vaultHost`: the
    /// vault host must be the resource host or a subdomain of it (`myvault.vault.azure.net`
    /// for `vault.azure.net`; `evilvault.net` does not match `vault.net`). Ports are ignored.
    func resourceMatches(vaultHost: String) -> Bool {
        guard let resourceHost else { return false }
        let host = vaultHost.lowercased()
        return host == resourceHost || host.hasSuffix("." + resourceHost)
    }

    /// The parameters of the first `Bearer` challenge in `value` (names lowercased), or `nil`.
    static func bearerParameters(in value: String) -> [String: String]? {
        var scanner = KeyVaultChallengeScanner(Array(value.unicodeScalars))
        var current: String?
        var found: [String: String]?
        var parameters: [String: String] = [:]
        while let token = scanner.nextToken() {
            if scanner.consume("=") {
                let parameterValue = scanner.nextValue()
                if current == "bearer" { parameters[token.lowercased()] = parameterValue }
            } else {
                if current == "bearer" { found = parameters; break }
                current = token.lowercased()
                parameters = [:]
            }
        }
        if found == nil, current == "bearer" { found = parameters }
        return found
    }
}

/// Splits a `WWW-Authenticate` value into scheme tokens and `name=value` parameters.
struct KeyVaultChallengeScanner {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    /// Skips spaces and commas.
    private mutating func skipSeparators() {
        while index < scalars.count, scalars[index] == " " || scalars[index] == "," || scalars[index] == "\t" {
            index += 1
        }
    }

    /// The next token (up to a space, comma or `=`), or `nil` at the end.
    mutating func nextToken() -> String? {
        skipSeparators()
        var token = String.UnicodeScalarView()
        while index < scalars.count, !" ,=\t".unicodeScalars.contains(scalars[index]) {
            token.append(scalars[index])
            index += 1
        }
        return token.isEmpty ? nil : String(token)
    }

    /// Consumes `character` (after optional spaces) if it comes next.
    mutating func consume(_ character: Unicode.Scalar) -> Bool {
        var probe = index
        while probe < scalars.count, scalars[probe] == " " { probe += 1 }
        guard probe < scalars.count, scalars[probe] == character else { return false }
        index = probe + 1
        return true
    }

    /// A quoted string (with `\` escapes) or a bare value up to the next comma.
    mutating func nextValue() -> String {
        while index < scalars.count, scalars[index] == " " { index += 1 }
        var value = String.UnicodeScalarView()
        if index < scalars.count, scalars[index] == "\"" {
            index += 1
            while index < scalars.count, scalars[index] != "\"" {
                if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
                value.append(scalars[index])
                index += 1
            }
            index += 1
        } else {
            while index < scalars.count, scalars[index] != ",", scalars[index] != " " {
                value.append(scalars[index])
                index += 1
            }
        }
        return String(value)
    }
}
