import DaiBaiCore
import Foundation
import Logging

/// What a confidential client sends to the token endpoint besides `client_id`, `grant_type` and `scope`.
struct IdentityConfidentialForm: Sendable {
    /// The credential-specific form fields, in order (for example `client_secret`).
    var fields: [(String, String)]
    /// Values to redact from error messages.
    var secrets: [SecretValue]
}

/// The tenant and authority a confidential client's request goes to, for building its form.
struct IdentityConfidentialTarget: Sendable {
    /// The resolved tenant.
    var tenant: String
    /// The parsed authority host.
    var authority: IdentityAuthority
    /// The app's client ID.
    var clientID: String
    /// The credential's clock.
    var now: @Sendable () -> Date
}

/// The part shared by ``ClientSecretCredential``, ``ClientCertificateCredential`` and
/// ``WorkloadIdentityCredential``: the configuration, the ``TokenCache``, the tenant and client-ID
/// checks, the tenant resolution and the client-credentials request to ``IdentityTokenEndpoint``.
///
/// Each credential supplies only its name, the messages for an invalid tenant or client ID, a check
/// of its own input (run after those two, before the tenant is resolved) and its form fields.
struct IdentityConfidentialClient: Sendable {
    /// The owning credential's type name, used in errors and logs.
    let credentialName: String
    let tenantID: String
    let clientID: String
    let additionallyAllowedTenants: [String]
    private let authorityHost: String
    private let transport: any HTTPTransport
    private let timeout: Duration
    private let now: @Sendable () -> Date
    private let cache: TokenCache
    /// The reason given when `tenantID` is empty or not valid.
    private let invalidTenantReason: String
    /// The reason given when `clientID` is empty.
    private let emptyClientReason: String
    /// The credential's check of its own input (secret, certificate, …).
    private let check: @Sendable () throws(CredentialError) -> Void
    /// The credential's form fields for a request.
    private let form: @Sendable (IdentityConfidentialTarget) async throws(CredentialError) -> IdentityConfidentialForm

    /// Creates the shared client; `transport` is wrapped in a ``RetryingHTTPTransport`` with `retryPolicy`.
    init(
        credentialName: String,
        tenantID: String,
        clientID: String,
        authorityHost: String,
        additionallyAllowedTenants: [String],
        transport: any HTTPTransport,
        retryPolicy: RetryPolicy,
        timeout: Duration,
        now: @escaping @Sendable () -> Date,
        logger: Logger,
        invalidTenantReason: String = "the tenant ID is empty or not valid; use the directory (tenant) GUID or domain",
        emptyClientReason: String = "the client ID is empty; use the app registration's application (client) ID",
        check: @escaping @Sendable () throws(CredentialError) -> Void = { () throws(CredentialError) in },
        form: @escaping @Sendable (IdentityConfidentialTarget) async throws(CredentialError) -> IdentityConfidentialForm
    ) {
        self.credentialName = credentialName
        self.tenantID = tenantID
        self.clientID = clientID
        self.additionallyAllowedTenants = additionallyAllowedTenants
        self.authorityHost = authorityHost
        self.transport = RetryingHTTPTransport(base: transport, policy: retryPolicy, logger: logger)
        self.timeout = timeout
        self.now = now
        self.cache = TokenCache(now: now, logger: logger)
        self.invalidTenantReason = invalidTenantReason
        self.emptyClientReason = emptyClientReason
        self.check = check
        self.form = form
    }

    /// A cached or new token for `request`.
    func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken {
        try await cache.issue(for: request, credentialName: credentialName) { () async throws(CredentialError) -> IdentityIssuedToken in
            try await issueToken(for: request)
        }
    }

    /// A new token for `request`, bypassing the cache.
    func issueToken(for request: TokenRequest) async throws(CredentialError) -> IdentityIssuedToken {
        guard IdentityTenant.isValid(tenantID) else {
            throw .authenticationFailed(credential: credentialName, reason: invalidTenantReason)
        }
        guard !clientID.isEmpty else {
            throw .authenticationFailed(credential: credentialName, reason: emptyClientReason)
        }
        try check()
        let tenant = try IdentityTenant.resolve(
            requested: request.tenantID, own: tenantID, additionallyAllowed: additionallyAllowedTenants, credential: credentialName
        )
        let authority = try IdentityAuthority.parse(authorityHost, credential: credentialName)
        let form = try await form(IdentityConfidentialTarget(tenant: tenant, authority: authority, clientID: clientID, now: now))
        let endpoint = IdentityTokenEndpoint(authority: authority, transport: transport, timeout: timeout, now: now)
        return try await endpoint.requestToken(
            credential: credentialName,
            tenant: tenant,
            clientID: clientID,
            scopes: request.scopes,
            form: form.fields,
            secrets: form.secrets
        )
    }
}

extension IdentityConfidentialForm {
    /// A `jwt-bearer` client assertion.
    static func clientAssertion(_ assertion: SecretValue) -> IdentityConfidentialForm {
        IdentityConfidentialForm(
            fields: [
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", assertion.revealed()),
            ],
            secrets: [assertion]
        )
    }
}
