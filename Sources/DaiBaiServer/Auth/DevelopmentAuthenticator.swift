import DaiBaiCore
import Foundation

/// The unverified authenticator of `server.auth=development`: accepts
/// `Authorization: Bearer dev:<tenant>:<user>` and trusts it. Never for production.
public struct DevelopmentAuthenticator: RequestAuthenticator {
    /// Creates the authenticator.
    public init() {}

    /// The principal named by a `dev:<tenant>:<user>` token.
    public func authenticate(authorization: String?) async throws(AuthenticationError) -> AuthenticatedPrincipal {
        guard let authorization, !authorization.isEmpty else { throw .missingCredential }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .malformedCredential("expected 'Bearer dev:<tenant>:<user>'")
        }
        let fields = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0] == "dev" else {
            throw .malformedCredential("development sign-in expects 'Bearer dev:<tenant>:<user>'")
        }
        guard let tenant = TenantID(rawValue: String(fields[1])), let user = UserID(rawValue: String(fields[2])) else {
            throw .malformedCredential("the tenant and user must be 1-64 characters of A-Z, a-z, 0-9, '-' or '_'")
        }
        return AuthenticatedPrincipal(context: RequestContext(tenant: tenant, user: user), subject: "dev:\(tenant.rawValue):\(user.rawValue)", expiresAt: .distantFuture)
    }
}
