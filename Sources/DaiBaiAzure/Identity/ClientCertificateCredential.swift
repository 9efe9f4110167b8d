import DaiBaiCore
import Foundation
import Logging

/// Authenticates an app registration (service principal) with a certificate.
///
/// Sends a client assertion: a JWT signed with the certificate's RSA key using PS256, whose
/// header carries `x5t#S256` (base64url SHA-256 of the certificate's DER) and whose claims are
/// `aud` (the token endpoint), `iss` = `sub` (the client ID), a unique `jti`, `nbf` and `exp`
/// (10 minutes later). Tokens are cached and refreshed like ``ClientSecretCredential``'s,
/// and the tenant rules are the same.
public struct ClientCertificateCredential: TokenCredential {
    /// The tenant the app is registered in.
    public let tenantID: String
    /// The app's client (application) ID.
    public let clientID: String
    /// Further tenants a request may ask for (`*` allows any).
    public let additionallyAllowedTenants: [String]
    private let certificate: Result<IdentityCertificate, CredentialError>
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
    ///   - certificatePEM: PEM text holding the unencrypted RSA private key and the certificate.
    ///     A malformed PEM is reported by the first ``token(for:)`` call.
    ///   - authorityHost: The Entra host; `https` (plain `http` only for loopback test servers).
    ///   - additionallyAllowedTenants: Tenants besides `tenantID` a request may ask for; `*` for any.
    ///   - transport: Sends the requests; wrapped in a ``RetryingHTTPTransport`` with `retryPolicy`.
    ///   - retryPolicy: Retries of throttled and failed token requests.
    ///   - timeout: The longest wait for the token endpoint's answer.
    ///   - now: The clock (inject one in tests); also dates the assertion.
    ///   - logger: Receives a debug line per token acquisition (never the token).
    public init(
        tenantID: String,
        clientID: String,
        certificatePEM: SecretValue,
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
        self.certificate = Result { () throws(CredentialError) in
            try IdentityCertificate.parse(pem: certificatePEM, credential: "ClientCertificateCredential")
        }
        self.authorityHost = authorityHost
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

extension ClientCertificateCredential: IdentityTokenIssuer {
    var credentialName: String { "ClientCertificateCredential" }

    func issueToken(for request: TokenRequest) async throws(CredentialError) -> IdentityIssuedToken {
        guard IdentityTenant.isValid(tenantID) else {
            throw .authenticationFailed(credential: credentialName, reason: "the tenant ID is empty or not valid; use the directory (tenant) GUID or domain")
        }
        guard !clientID.isEmpty else {
            throw .authenticationFailed(credential: credentialName, reason: "the client ID is empty; use the app registration's application (client) ID")
        }
        let certificate = try certificate.get()
        let tenant = try IdentityTenant.resolve(
            requested: request.tenantID, own: tenantID, additionallyAllowed: additionallyAllowedTenants, credential: credentialName
        )
        let authority = try IdentityAuthority.parse(authorityHost, credential: credentialName)
        let assertion = try await IdentityClientAssertion.make(
            certificate: certificate,
            clientID: clientID,
            tokenURL: authority.tokenURL(tenant: tenant),
            now: now(),
            credential: credentialName
        )
        let endpoint = IdentityTokenEndpoint(authority: authority, transport: transport, timeout: timeout, now: now)
        return try await endpoint.requestToken(
            credential: credentialName,
            tenant: tenant,
            clientID: clientID,
            scopes: request.scopes,
            form: [
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", assertion),
            ],
            secrets: [SecretValue(assertion)]
        )
    }
}
