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
    private let secret: SecretValue
    private let authorityHost: String
    private let transport: any HTTPTransport
    private let timeout: Duration
    private let now: @Sendable () -> Date
    private let cache: TokenCache

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
        self.secret = secret
        self.authorityHost = authorityHost
        self.additionallyAllowedTenants = additionallyAllowedTenants
        self.transport = RetryingHTTPTransport(base: transport, policy: retryPolicy, logger: logger)
        self.timeout = timeout
        self.now = now
        self.cache = TokenCache(now: now, logger: logger)
    }

    /// A cached or new token for `request`.
    public func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken {
        try await cache.issue(for: request, credentialName: credentialName) { () async throws(CredentialError) -> IdentityIssuedToken in
            try await issueToken(for: request)
        }
    }
}

extension ClientSecretCredential: IdentityTokenIssuer {
    var credentialName: String { "ClientSecretCredential" }

    func issueToken(for request: TokenRequest) async throws(CredentialError) -> IdentityIssuedToken {
        guard IdentityTenant.isValid(tenantID) else {
            throw .authenticationFailed(credential: credentialName, reason: "the tenant ID is empty or not valid; use the directory (tenant) GUID or domain")
        }
        guard !clientID.isEmpty else {
            throw .authenticationFailed(credential: credentialName, reason: "the client ID is empty; use the app registration's application (client) ID")
        }
        guard !secret.isEmpty else {
            throw .authenticationFailed(credential: credentialName, reason: "the client secret is empty; set it from the app registration's certificates & secrets")
        }
        let tenant = try IdentityTenant.resolve(
            requested: request.tenantID, own: tenantID, additionallyAllowed: additionallyAllowedTenants, credential: credentialName
        )
        let endpoint = IdentityTokenEndpoint(
            authority: try IdentityAuthority.parse(authorityHost, credential: credentialName),
            transport: transport,
            timeout: timeout,
            now: now
        )
        return try await endpoint.requestToken(
            credential: credentialName,
            tenant: tenant,
            clientID: clientID,
            scopes: request.scopes,
            form: [("client_secret", secret.revealed())],
            secrets: [secret]
        )
    }
}
