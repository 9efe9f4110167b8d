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
    private let client: IdentityConfidentialClient

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
        let certificate = Result { () throws(CredentialError) in
            try IdentityCertificate.parse(pem: certificatePEM, credential: "ClientCertificateCredential")
        }
        self.client = IdentityConfidentialClient(
            credentialName: "ClientCertificateCredential", tenantID: tenantID, clientID: clientID, authorityHost: authorityHost,
            additionallyAllowedTenants: additionallyAllowedTenants, transport: transport, retryPolicy: retryPolicy,
            timeout: timeout, now: now, logger: logger,
            check: { () throws(CredentialError) in _ = try certificate.get() },
            form: { target async throws(CredentialError) in
                let assertion = try await IdentityClientAssertion.make(
                    certificate: try certificate.get(),
                    clientID: target.clientID,
                    tokenURL: target.authority.tokenURL(tenant: target.tenant),
                    now: target.now(),
                    credential: "ClientCertificateCredential"
                )
                return .clientAssertion(SecretValue(assertion))
            }
        )
    }

    /// A cached or new token for `request`.
    public func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken {
        try await client.token(for: request)
    }
}

extension ClientCertificateCredential: IdentityTokenIssuer {
    var credentialName: String { client.credentialName }

    func issueToken(for request: TokenRequest) async throws(CredentialError) -> IdentityIssuedToken {
        try await client.issueToken(for: request)
    }
}
