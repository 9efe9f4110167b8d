import DaiBaiCore

/// Runs another issuer and reports its errors under a different credential name
/// (``EnvironmentCredential`` wraps a client secret or certificate credential).
struct IdentityRenamedIssuer: IdentityTokenIssuer {
    var credentialName: String
    var base: any IdentityTokenIssuer

    func issueToken(for request: TokenRequest) async throws(CredentialError) -> IdentityIssuedToken {
        do {
            return try await base.issueToken(for: request)
        } catch {
            switch error {
            case .unavailable(_, let reason): throw .unavailable(credential: credentialName, reason: reason)
            case .authenticationFailed(_, let reason): throw .authenticationFailed(credential: credentialName, reason: reason)
            case .chainFailed: throw error
            }
        }
    }
}

/// An issuer that is not set up: every request is ``CredentialError/unavailable(credential:reason:)``
/// (or the given configuration error).
struct IdentityUnavailableIssuer: IdentityTokenIssuer {
    var credentialName: String
    var error: CredentialError

    func issueToken(for request: TokenRequest) async throws(CredentialError) -> IdentityIssuedToken {
        throw error
    }
}
