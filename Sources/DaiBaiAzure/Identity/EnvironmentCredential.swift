import DaiBaiCore
import Foundation
import Logging

/// A service principal configured by environment variables.
///
/// - `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and `AZURE_CLIENT_SECRET`: a ``ClientSecretCredential``.
/// - Otherwise `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and `AZURE_CLIENT_CERTIFICATE_PATH` (a PEM file
///   holding the unencrypted RSA private key and the certificate): a ``ClientCertificateCredential``.
///   The file is read when the credential is created.
/// - `AZURE_AUTHORITY_HOST` sets the Entra host; `AZURE_ADDITIONALLY_ALLOWED_TENANTS`
///   (semicolon-separated, `*` for any) the further tenants a request may ask for.
///
/// Without a complete set the credential is ``CredentialError/unavailable(credential:reason:)``
/// with a message naming the missing variables. Errors are reported as `EnvironmentCredential`.
public struct EnvironmentCredential: TokenCredential {
    private let issuer: any IdentityTokenIssuer
    private let cache: TokenCache

    /// Creates a credential from `environment`.
    ///
    /// - Parameters:
    ///   - environment: Where the `AZURE_*` variables are read.
    ///   - transport: Sends the requests; wrapped in a ``RetryingHTTPTransport`` with `retryPolicy`.
    ///   - retryPolicy: Retries of throttled and failed token requests.
    ///   - timeout: The longest one token request may take.
    ///   - now: The clock (inject one in tests).
    ///   - logger: Receives a debug line per token acquisition (never the token).
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        retryPolicy: RetryPolicy = .default,
        timeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "daibai.azure.identity", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.issuer = Self.makeIssuer(
            environment: environment, transport: transport, retryPolicy: retryPolicy, timeout: timeout, now: now, logger: logger)
        self.cache = TokenCache(now: now, logger: logger)
    }

    /// A cached or new token for `request`.
    public func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken {
        let issuer = issuer
        return try await cache.issue(for: request, credentialName: credentialName) { () async throws(CredentialError) -> IdentityIssuedToken in
            try await issuer.issueToken(for: request)
        }
    }

    private static func makeIssuer(
        environment: [String: String],
        transport: any HTTPTransport,
        retryPolicy: RetryPolicy,
        timeout: Duration,
        now: @escaping @Sendable () -> Date,
        logger: Logger
    ) -> any IdentityTokenIssuer {
        let name = "EnvironmentCredential"
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        let tenant = value("AZURE_TENANT_ID")
        let client = value("AZURE_CLIENT_ID")
        let secret = value("AZURE_CLIENT_SECRET")
        let certificatePath = value("AZURE_CLIENT_CERTIFICATE_PATH")
        var missing: [String] = []
        if tenant == nil { missing.append("AZURE_TENANT_ID") }
        if client == nil { missing.append("AZURE_CLIENT_ID") }
        if secret == nil && certificatePath == nil { missing.append("AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH") }
        guard let tenant, let client, missing.isEmpty else {
            return IdentityUnavailableIssuer(
                credentialName: name,
                error: .unavailable(
                    credential: name,
                    reason: "the environment variables are not fully configured (missing \(missing.joined(separator: ", "))); "
                        + "set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH"
                )
            )
        }
        let authority = value("AZURE_AUTHORITY_HOST") ?? IdentityAuthority.publicCloud
        let allowed = IdentityTenant.additionallyAllowed(in: environment)
        if let secret {
            let base = ClientSecretCredential(
                tenantID: tenant, clientID: client, secret: SecretValue(secret), authorityHost: authority,
                additionallyAllowedTenants: allowed, transport: transport, retryPolicy: retryPolicy, timeout: timeout,
                now: now, logger: logger
            )
            return IdentityRenamedIssuer(credentialName: name, base: base)
        }
        let path = certificatePath ?? ""
        guard let data = FileManager.default.contents(atPath: path) else {
            return IdentityUnavailableIssuer(
                credentialName: name,
                error: .authenticationFailed(credential: name, reason: "the certificate file '\(path)' (AZURE_CLIENT_CERTIFICATE_PATH) could not be read")
            )
        }
        let base = ClientCertificateCredential(
            tenantID: tenant, clientID: client, certificatePEM: SecretValue(String(decoding: data, as: UTF8.self)),
            authorityHost: authority, additionallyAllowedTenants: allowed, transport: transport, retryPolicy: retryPolicy,
            timeout: timeout, now: now, logger: logger
        )
        return IdentityRenamedIssuer(credentialName: name, base: base)
    }
}

extension EnvironmentCredential: IdentityTokenIssuer {
    var credentialName: String { "EnvironmentCredential" }

    func issueToken(for request: TokenRequest) async throws(CredentialError) -> IdentityIssuedToken {
        try await issuer.issueToken(for: request)
    }
}
