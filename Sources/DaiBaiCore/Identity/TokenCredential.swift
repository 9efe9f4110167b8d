import Foundation

/// A bearer token and when it expires.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible {
    /// The token; redacted in every description.
    public var token: SecretValue
    /// When it stops being valid.
    public var expiresOn: Date

    /// Creates a token.
    public init(token: SecretValue, expiresOn: Date) {
        self.token = token
        self.expiresOn = expiresOn
    }

    /// Whether it expires within `margin` of `now`.
    public func expires(within margin: TimeInterval, of now: Date = Date()) -> Bool {
        expiresOn.timeIntervalSince(now) <= margin
    }

    /// The expiry only; the token is never shown.
    public var description: String { "AccessToken(expiresOn: \(expiresOn))" }
}

/// What a token is requested for.
public struct TokenRequest: Sendable, Hashable {
    /// The scopes, for example `["https://vault.azure.net/.default"]`.
    public var scopes: [String]
    /// The tenant to authenticate in, when not the credential's own.
    public var tenantID: String?

    /// Creates a token request.
    public init(scopes: [String], tenantID: String? = nil) {
        self.scopes = scopes
        self.tenantID = tenantID
    }
}

/// Why a token could not be obtained.
public enum CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The credential is not set up in this environment (try the next one in a chain).
    case unavailable(credential: String, reason: String)
    /// The identity provider refused the request.
    case authenticationFailed(credential: String, reason: String)
    /// Every credential of a chain failed; one line per credential.
    case chainFailed([String])

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .unavailable(let c, let r): "\(c) is unavailable: \(r)"
        case .authenticationFailed(let c, let r): "\(c) failed to authenticate: \(r)"
        case .chainFailed(let lines): "No credential could get a token:\n" + lines.map { "- \($0)" }.joined(separator: "\n")
        }
    }
}

/// Something that hands out bearer tokens for a scope (Azure identity plugs in here).
public protocol TokenCredential: Sendable {
    /// A token for `request`.
    func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken
}
