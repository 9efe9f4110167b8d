import DaiBaiCore
import Foundation

/// A token as a credential obtained it, with the identity provider's refresh hint.
struct IdentityIssuedToken: Sendable {
    /// The token and its expiry.
    var token: AccessToken
    /// When to fetch a new one, if the provider said (`refresh_in`); otherwise the cache's margin applies.
    var refreshOn: Date?
}

/// A credential that can fetch a fresh token without going through a cache.
///
/// Every public credential of this folder conforms; their public `token(for:)` puts a
/// ``TokenCache`` in front, and ``DefaultAzureCredential`` calls this directly behind its own cache.
protocol IdentityTokenIssuer: Sendable {
    /// The credential's type name, used in errors and logs.
    var credentialName: String { get }
    /// Fetches a new token from the identity provider.
    func issueToken(for request: TokenRequest) async throws(CredentialError) -> IdentityIssuedToken
}

/// The error a credential reports when the task asking for a token was cancelled.
enum IdentityCancellation {
    /// An error that stops a chain (cancellation is not "try the next credential").
    static func error(_ credential: String) -> CredentialError {
        .authenticationFailed(credential: credential, reason: "the token request was cancelled before a token arrived")
    }
}
