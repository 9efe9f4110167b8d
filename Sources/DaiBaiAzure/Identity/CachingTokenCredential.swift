import DaiBaiCore
import Foundation

/// Puts a ``TokenCache`` in front of any ``TokenCredential``.
///
/// The credentials of this module already cache; use this for other credentials, for example a
/// hand-written one, so that concurrent callers share one fetch and tokens are refreshed 300 s
/// before they expire.
public struct CachingTokenCredential: TokenCredential {
    /// The credential asked when the cache has no fresh token.
    public let base: any TokenCredential
    /// The cache.
    public let cache: TokenCache

    /// Wraps `base` with `cache`.
    public init(_ base: any TokenCredential, cache: TokenCache = TokenCache()) {
        self.base = base
        self.cache = cache
    }

    /// A cached token for `request`, or a new one from ``base``.
    public func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken {
        let base = base
        return try await cache.token(for: request, credentialName: String(describing: type(of: base))) { () async throws(CredentialError) -> AccessToken in
            try await base.token(for: request)
        }
    }
}
