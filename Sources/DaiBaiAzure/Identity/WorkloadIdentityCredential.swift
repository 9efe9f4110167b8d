import DaiBaiCore
import Foundation
import Logging

/// Authenticates with a federated token file (Kubernetes workload identity, for example AKS).
///
/// The file's contents are sent as `client_assertion` (type `jwt-bearer`). The file is read
/// again for every token request to the endpoint, so a rotated file is picked up as soon as the
/// cached token needs replacing. Tokens are cached and refreshed like ``ClientSecretCredential``'s,
/// and the tenant rules are the same.
public struct WorkloadIdentityCredential: TokenCredential {
    /// The tenant of the federated app or managed identity.
    public let tenantID: String
    /// Its client ID.
    public let clientID: String
    /// The federated token file (`AZURE_FEDERATED_TOKEN_FILE`).
    public let tokenFilePath: String
    /// Further tenants a request may ask for (`*` allows any).
    public let additionallyAllowedTenants: [String]
    private let client: IdentityConfidentialClient

    /// Creates a credential.
    ///
    /// - Parameters:
    ///   - tenantID: The directory (tenant) ID (`AZURE_TENANT_ID`).
    ///   - clientID: The client ID (`AZURE_CLIENT_ID`).
    ///   - tokenFilePath: The federated token file (`AZURE_FEDERATED_TOKEN_FILE`).
    ///   - authorityHost: The Entra host (`AZURE_AUTHORITY_HOST`); `https` (plain `http` only for loopback).
    ///   - additionallyAllowedTenants: Tenants besides `tenantID` a request may ask for; `*` for any.
    ///   - transport: Sends the requests; wrapped in a ``RetryingHTTPTransport`` with `retryPolicy`.
    ///   - retryPolicy: Retries of throttled and failed token requests.
    ///   - timeout: The longest wait for the token endpoint's answer.
    ///   - now: The clock (inject one in tests).
    ///   - logger: Receives a debug line per token acquisition (never the token).
    public init(
        tenantID: String,
        clientID: String,
        tokenFilePath: String,
        authorityHost: String = "https://login.microsoftonline.com",
        additionallyAllowedTenants: [String] = [],
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        retryPolicy: RetryPolicy = .default,
        timeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "daibai.azure.identity", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.tenantID = tenantID
        self.clientID = clientID
        self.tokenFilePath = tokenFilePath
        self.additionallyAllowedTenants = additionallyAllowedTenants
        self.client = IdentityConfidentialClient(
            credentialName: "WorkloadIdentityCredential", tenantID: tenantID, clientID: clientID, authorityHost: authorityHost,
            additionallyAllowedTenants: additionallyAllowedTenants, transport: transport, retryPolicy: retryPolicy,
            timeout: timeout, now: now, logger: logger,
            invalidTenantReason: "the tenant ID is empty or not valid; set AZURE_TENANT_ID to the directory (tenant) GUID",
            emptyClientReason: "the client ID is empty; set AZURE_CLIENT_ID",
            form: { _ async throws(CredentialError) in
                .clientAssertion(try Self.readAssertion(from: tokenFilePath, credentialName: "WorkloadIdentityCredential"))
            }
        )
    }

    /// A cached or new token for `request`.
    public func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken {
        try await client.token(for: request)
    }
}

extension WorkloadIdentityCredential: IdentityTokenIssuer {
    var credentialName: String { client.credentialName }

    func issueToken(for request: TokenRequest) async throws(CredentialError) -> IdentityIssuedToken {
        try await client.issueToken(for: request)
    }

    /// The current contents of the token file, surrounding whitespace removed.
    private static func readAssertion(from tokenFilePath: String, credentialName: String) throws(CredentialError) -> SecretValue {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: tokenFilePath))
        } catch {
            throw .authenticationFailed(
                credential: credentialName,
                reason: "the federated token file '\(tokenFilePath)' could not be read; check AZURE_FEDERATED_TOKEN_FILE and the pod's service account token projection"
            )
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw .authenticationFailed(credential: credentialName, reason: "the federated token file '\(tokenFilePath)' is empty")
        }
        return SecretValue(text)
    }
}
