import DaiBaiCore

/// Produces the `authorization` header of each request from a ``CosmosAuthentication``.
enum CosmosAuthorizer: Sendable {
    case masterKey(CosmosMasterKeySigner, SecretValue)
    case credential(any TokenCredential, scope: String)

    /// The header value for one request.
    func authorization(verb: String, resourceType: String, resourceLink: String, date: String) async throws(CosmosError) -> String {
        switch self {
        case .masterKey(let signer, _):
            return signer.authorization(verb: verb, resourceType: resourceType, resourceLink: resourceLink, date: date)
        case .credential(let credential, let scope):
            do throws(CredentialError) {
                let token = try await credential.token(for: TokenRequest(scopes: [scope]))
                return CosmosMasterKeySigner.entraAuthorization(token: token.token)
            } catch {
                throw .credential(error)
            }
        }
    }

    /// Secrets removed from any service text quoted in an error.
    var redactions: [String] {
        switch self {
        case .masterKey(_, let key): [key.revealed()]
        case .credential: []
        }
    }
}
