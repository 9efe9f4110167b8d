import DaiBaiCore
import Foundation
import HTTPTypes
import Logging

/// Sends Key Vault requests with challenge-based authentication, as the official SDKs do:
///
/// 1. Without a cached challenge the request goes without a token and without its body.
/// 2. The vault answers 401 with `WWW-Authenticate: Bearer authorization="…/{tenant}", resource="…"`.
/// 3. Unless disabled, the resource's host must be the vault host or a parent domain of it;
///    otherwise the call fails and the credential is never asked.
/// 4. A token for the challenge's scope and tenant is requested and the request is sent again,
///    with its body. The challenge and token are cached for later requests.
/// 5. A later 401 re-challenges once with a fresh token.
///
/// Requests only ever go to the vault's origin. Retries (429, 5xx, `Retry-After`) happen in the
/// ``RetryingHTTPTransport`` below this client. Logs carry the vault host and secret names only.
struct KeyVaultHTTPClient: Sendable {
    let endpoint: KeyVaultEndpoint
    let credential: any TokenCredential
    /// The transport, already wrapped for retries.
    let transport: any HTTPTransport
    let verifyChallengeResource: Bool
    let timeout: Duration
    let auth: KeyVaultAuthState
    let logger: Logger

    /// The largest response body read.
    static let maxResponseBytes = 4 * 1024 * 1024

    /// Sends `method` to `pathAndQuery` with an optional JSON `body`, authenticating as needed.
    /// - Parameter operation: What the request does, for messages, e.g. `"read secret 'X'"`.
    func send(
        _ method: HTTPRequest.Method, pathAndQuery: String, body: [UInt8]? = nil,
        operation: String, secretName: String?
    ) async throws(SecretStoreError) -> KeyVaultResponse {
        if let challenge = auth.challenge {
            let token = try await token(for: challenge, operation: operation, reuseCached: true)
            let response = try await transmit(method, pathAndQuery, body: body, token: token, operation: operation, secretName: secretName)
            guard response.status == 401 else { return response }
            logger.debug("Key Vault refused the cached token; re-challenging once", metadata: metadata(secretName))
            return try await answerChallenge(response, method, pathAndQuery, body: body, operation: operation, secretName: secretName)
        }
        let probe = try await transmit(
            method, pathAndQuery, body: body == nil ? nil : [], token: nil, operation: operation, secretName: secretName)
        guard probe.status == 401 else {
            guard body == nil else {
                throw .backend(
                    "Key Vault \(operation) on \(endpoint.host) failed: the server answered a request without a token with "
                        + "HTTP \(probe.status) instead of an authentication challenge, so the body was not sent. "
                        + "Check that the vault URL points to an Azure Key Vault.")
            }
            return probe
        }
        return try await answerChallenge(probe, method, pathAndQuery, body: body, operation: operation, secretName: secretName)
    }

    /// Reads the challenge of the 401 `response`, verifies it, gets a fresh token and sends the request once more.
    private func answerChallenge(
        _ response: KeyVaultResponse, _ method: HTTPRequest.Method, _ pathAndQuery: String, body: [UInt8]?,
        operation: String, secretName: String?
    ) async throws(SecretStoreError) -> KeyVaultResponse {
        let challenge = try verifiedChallenge(from: response, operation: operation)
        let token = try await token(for: challenge, operation: operation, reuseCached: false)
        let retried = try await transmit(method, pathAndQuery, body: body, token: token, operation: operation, secretName: secretName)
        guard retried.status != 401 else {
            throw KeyVaultFailure.error(for: retried, operation: operation, host: endpoint.host)
        }
        return retried
    }

    /// The challenge of a 401 response, checked against the vault host unless verification is off.
    private func verifiedChallenge(from response: KeyVaultResponse, operation: String) throws(SecretStoreError) -> KeyVaultChallenge {
        let header = response.headers[.wwwAuthenticate] ?? ""
        guard let challenge = KeyVaultChallenge(wwwAuthenticate: header) else {
            throw .backend(
                "Key Vault \(operation) on \(endpoint.host) failed: HTTP 401 without a Bearer challenge "
                    + "(WWW-Authenticate with resource or scope). Check that the vault URL points to an Azure Key Vault.")
        }
        if verifyChallengeResource, !challenge.resourceMatches(vaultHost: endpoint.host) {
            logger.warning(
                "Key Vault challenge resource does not match the vault host; no token requested",
                metadata: ["host": "\(endpoint.host)", "resource": "\(challenge.resourceHost ?? "none")"])
            throw .misconfigured(
                "the Key Vault at \(endpoint.host) asked for a token for '\(challenge.resourceHost ?? challenge.scope)', "
                    + "which is not the vault's domain, so no token was requested or sent. Check the vault URL; if the "
                    + "vault really lives under another domain, create the store with verifyChallengeResource: false.")
        }
        return challenge
    }

    /// A token for `challenge`: the cached one when allowed and fresh, otherwise a new one from the credential.
    private func token(
        for challenge: KeyVaultChallenge, operation: String, reuseCached: Bool
    ) async throws(SecretStoreError) -> AccessToken {
        if reuseCached, let cached = auth.token(for: challenge, now: Date()) { return cached }
        do throws(CredentialError) {
            let token = try await credential.token(for: TokenRequest(scopes: [challenge.scope], tenantID: challenge.tenantID))
            auth.store(challenge, token: token)
            return token
        } catch {
            throw .backend(
                "Key Vault \(operation) on \(endpoint.host) failed: no token for scope \(challenge.scope)"
                    + (challenge.tenantID.map { " in tenant \($0)" } ?? "") + ": \(error)")
        }
    }

    /// Sends one request (through the retrying transport) and reads the whole response.
    private func transmit(
        _ method: HTTPRequest.Method, _ pathAndQuery: String, body: [UInt8]?, token: AccessToken?,
        operation: String, secretName: String?
    ) async throws(SecretStoreError) -> KeyVaultResponse {
        var head = endpoint.request(method, pathAndQuery: pathAndQuery)
        head.headerFields[.accept] = "application/json"
        head.headerFields[.userAgent] = "DaiBai (swift) KeyVaultSecretStore"
        if body != nil {
            head.headerFields[.contentType] = "application/json"
        }
        if let token { head.headerFields[.authorization] = "Bearer " + token.token.revealed() }
        do throws(HTTPTransportError) {
            let response = try await transport.send(HTTPTransportRequest(head: head, body: body, timeout: timeout))
            let bytes = try await response.collectBody(upTo: Self.maxResponseBytes)
            var fields = metadata(secretName)
            fields["method"] = "\(method.rawValue)"
            fields["status"] = "\(response.head.status.code)"
            fields["authenticated"] = "\(token != nil)"
            logger.debug("Key Vault response", metadata: fields)
            return KeyVaultResponse(status: response.head.status.code, headers: response.head.headerFields, body: bytes)
        } catch {
            logger.debug("Key Vault request failed", metadata: metadata(secretName).merging(["error": "\(error)"]) { $1 })
            throw KeyVaultFailure.error(for: error, operation: operation, host: endpoint.host)
        }
    }

    private func metadata(_ secretName: String?) -> Logger.Metadata {
        var fields: Logger.Metadata = ["host": "\(endpoint.host)"]
        if let secretName { fields["secret"] = "\(secretName)" }
        return fields
    }
}
