import DaiBaiCore
import Foundation
import HTTPTypes

/// Posts a client-credentials grant to the Microsoft identity platform v2.0 token endpoint
/// (`{authority}/{tenant}/oauth2/v2.0/token`) and turns its answer into a token or an error.
///
/// Shared by ``ClientSecretCredential``, ``ClientCertificateCredential`` and
/// ``WorkloadIdentityCredential``. Error messages carry the AADSTS code and correlation ID,
/// never the secret or assertion.
struct IdentityTokenEndpoint: Sendable {
    var authority: IdentityAuthority
    /// Retries happen here (a ``RetryingHTTPTransport``).
    var transport: any HTTPTransport
    var timeout: Duration
    var now: @Sendable () -> Date

    /// Exchanges `form` (without `scope`, `client_id` and `grant_type`, which are added) for a token.
    func requestToken(
        credential: String,
        tenant: String,
        clientID: String,
        scopes: [String],
        form: [(String, String)],
        secrets: [SecretValue]
    ) async throws(CredentialError) -> IdentityIssuedToken {
        guard !scopes.isEmpty else {
            throw .authenticationFailed(credential: credential, reason: "no scope was requested; ask for at least one, for example https://vault.azure.net/.default")
        }
        let fields = [("client_id", clientID), ("grant_type", "client_credentials")] + form + [("scope", scopes.joined(separator: " "))]
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers[.accept] = "application/json"
        headers[.userAgent] = "DaiBai (swift)"
        let head = HTTPRequest(
            method: .post,
            scheme: authority.scheme,
            authority: authority.authority,
            path: authority.tokenPath(tenant: tenant),
            headerFields: headers
        )
        let what = "the token endpoint \(authority.authority)"
        let response = try await IdentityHTTP.send(
            HTTPTransportRequest(head: head, body: IdentityFormBody.encode(fields), timeout: timeout),
            through: transport,
            credential: credential,
            what: what
        )
        let received = now()
        let body = try await IdentityHTTP.body(of: response, credential: credential, what: what)
        let status = response.head.status.code
        guard (200..<300).contains(status) else {
            if let error = IdentityHTTP.decode(IdentityAADError.self, from: body) {
                throw .authenticationFailed(
                    credential: credential,
                    reason: "the token endpoint answered HTTP \(status) \(IdentityHTTP.redact(error.summary, secrets: secrets)); "
                        + "check the tenant, client ID and credential of the app registration"
                )
            }
            throw .authenticationFailed(
                credential: credential,
                reason: "the token endpoint answered HTTP \(status): \(IdentityHTTP.excerpt(body, redacting: secrets))"
            )
        }
        guard let decoded = IdentityHTTP.decode(IdentityTokenEndpointResponse.self, from: body), !decoded.accessToken.isEmpty else {
            throw .authenticationFailed(
                credential: credential,
                reason: "the token endpoint answered HTTP \(status) without access_token and expires_in"
            )
        }
        return IdentityIssuedToken(
            token: AccessToken(token: SecretValue(decoded.accessToken), expiresOn: received.addingTimeInterval(decoded.expiresIn.value)),
            refreshOn: decoded.refreshIn.map { received.addingTimeInterval($0.value) }
        )
    }
}
