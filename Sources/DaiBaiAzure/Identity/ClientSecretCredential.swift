import DaiBaiCore
import Foundation
import Logging

/// Authenticates an app registration (service principal) with a client secret.
///
/// Posts `client_id`, `grant_type=client_credentials`, `client_secret` and `scope` to
/// `{authorityHost}/{tenantID}/oauth2/v2.0/token`. Tokens are cached per scopes and tenant and
/// refreshed 300 s before expiry (or when the endpoint's `refresh_in` says).
///
/// A ``TokenRequest/tenantID`` other than `tenantID` is used only when it is listed in
/// `additionallyAllowedTenants` (or that list contains `*`), as in the official Azure SDKs;
/// otherwise the request fails with a message saying how to allow it.
public struct ClientSecretCredential: TokenCredential {
    /// The tenant the app is registered in.
    public let tenantID: String
    /// The app's client (application) ID.
    public let clientID: String
    /// Further tenants a request may ask for (`*` allows any).
    public let additionallyAllowedTenants: [String]
    private let client: IdentityConfidentialClient

    /// Creates a credential.
    ///
    /// - Parameters:
    ///   - tenantID: The directory (tenant) ID or domain.
    ///   - clientID: The application (client) ID.
    ///   - secret: The client secret; never logged or shown.
    ///   - authorityHost: The Entra host; `https` (plain `http` only for loopback test servers).
    ///   - additionallyAllowedTenants: Tenants besides `tenantID` a request may ask for; `*` for any.
    ///   - transport: Sends the requests; wrapped in a ``RetryingHTTPTransport`` with `retryPolicy`.
    ///   - retryPolicy: Retries of throttled and failed token requests.
    ///   - timeout: The longest wait for the token endpoint's answer.
    ///   - now: The clock (inject one in tests).
    ///   - logger: Receives a debug line per token acquisition (never the token).
    public init(
        tenantID: String,
        clientID: String,
        secret: SecretValue,
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
        self.additionallyAllowedTenants = additionallyAllowedTenants
        self.client = IdentityConfidentialClient(
            credentialName: "ClientSecretCredential", tenantID: tenantID, clientID: clientID, authorityHost: authorityHost,
            additionallyAllowedTenants: additionallyAllowedTenants, transport: transport, retryPolicy: retryPolicy,
            timeout: timeout, now: now, logger: logger,
            check: { () throws(CredentialError) in
                guard !secret.isEmpty else {
                    throw .authenticationFailed(
                        credential: "ClientSecretCredential",
                        reason: "the client secret is empty; set it from the app registration's certificates & secrets"
                    )
                }
            },
            form: { _ in IdentityConfidentialForm(fields: [("client_secret", secret.revealed())], secrets: [secret]) }
        )
    }

    /// A cached or new token for `request`.
    public func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken {
        try await client.token(for: request)
    }
}

extension ClientSecretCredential: IdentityTokenIssuer {
    var credentialName: String { client.credentialName }

    func issueToken(for request: TokenRequest) async throws(CredentialError) -> IdentityIssuedToken {
        try await client.issueToken(for: request)
    }
}
