import Foundation

/// A caller whose credentials were verified: who they are, and until when the proof holds.
public struct AuthenticatedPrincipal: Sendable, Hashable, CustomStringConvertible {
    /// The tenant and user every store call of this request is made for.
    public var context: RequestContext
    /// The subject the identity provider vouched for (for example the token's `sub`).
    public var subject: String
    /// When the credential stops being valid.
    public var expiresAt: Date

    /// Creates a principal.
    public init(context: RequestContext, subject: String, expiresAt: Date) {
        self.context = context
        self.subject = subject
        self.expiresAt = expiresAt
    }

    /// `tenant/user`; never the credential.
    public var description: String { "AuthenticatedPrincipal(\(context), expiresAt: \(expiresAt))" }
}

/// Why a request's credentials were refused. Every case refuses the request: there is no
/// unverified fallback.
public enum AuthenticationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No credential came with the request (for example no `Authorization: Bearer` header).
    case missingCredential
    /// The credential is not shaped as expected (not a compact JWS, bad base64url, bad JSON).
    case malformedCredential(String)
    /// The token is signed with an algorithm that is not accepted (for example `none` or `HS256`).
    case unsupportedAlgorithm(String)
    /// No signing key with the token's key id is published by the issuer.
    case unknownKey(keyID: String?)
    /// The signature does not verify with the issuer's key.
    case invalidSignature
    /// A claim failed its check: which claim and why (for example `aud`, `exp`).
    case invalidClaim(claim: String, reason: String)
    /// The issuer's metadata or keys could not be fetched; the request is refused, not let through.
    case issuerUnavailable(String)

    /// A message that says what failed and what the caller can do; never echoes the token.
    public var description: String {
        switch self {
        case .missingCredential: "No bearer token came with the request; sign in and send 'Authorization: Bearer <token>'."
        case .malformedCredential(let reason): "The bearer token is malformed: \(reason)."
        case .unsupportedAlgorithm(let alg): "The token's algorithm '\(alg)' is not accepted; only RS256 is."
        case .unknownKey(let kid): "No signing key '\(kid ?? "(none)")' is published by the issuer; sign in again."
        case .invalidSignature: "The token's signature does not verify with the issuer's key."
        case .invalidClaim(let claim, let reason): "The token's '\(claim)' claim is not accepted: \(reason)."
        case .issuerUnavailable(let reason): "The identity provider's keys could not be loaded, so the token cannot be verified: \(reason)."
        }
    }
}

/// Turns a request's credentials into a verified ``AuthenticatedPrincipal`` or refuses it.
///
/// Servers call it once per request with the value of the `Authorization` header; the
/// Entra External ID / Azure AD B2C implementation is `OIDCBearerAuthenticator` in `DaiBaiSignIn`.
public protocol RequestAuthenticator: Sendable {
    /// The principal proven by `authorization` (the whole header value, `Bearer <token>`),
    /// or an ``AuthenticationError``.
    func authenticate(authorization: String?) async throws(AuthenticationError) -> AuthenticatedPrincipal
}
