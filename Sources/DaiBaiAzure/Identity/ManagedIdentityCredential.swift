import DaiBaiCore
import Foundation
import HTTPTypes
import Logging
import Synchronization

/// Authenticates as the Azure resource's managed identity.
///
/// - **App Service / Functions / Container Apps** when `IDENTITY_ENDPOINT` and `IDENTITY_HEADER`
///   are set: `GET $IDENTITY_ENDPOINT?api-version=2019-08-01&resource=…[&client_id=…]` with the
///   header `X-IDENTITY-HEADER`.
/// - **IMDS** otherwise: `GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=…[&client_id=…]`
///   with `Metadata: true`. `AZURE_POD_IDENTITY_AUTHORITY_HOST` replaces the base address
///   (as in the official Azure SDKs).
///
/// The resource is the one scope without `/.default`; exactly one scope is required. The
/// request's tenant is ignored (a managed identity belongs to one tenant).
///
/// IMDS is probed on first use with a short timeout and no retries: when nothing answers, the
/// credential is ``CredentialError/unavailable(credential:reason:)`` (so a chain moves on). Once
/// IMDS has answered, it is remembered as present and later requests use the normal timeout and
/// retry 404, 410, 429 and 5xx. An IMDS 400 (no identity, or not the requested one) is
/// unavailable too, as in the official SDKs; every other failure is
/// ``CredentialError/authenticationFailed(credential:reason:)``. Tokens are cached and refreshed
/// 300 s before expiry, or at half their lifetime when that is 2 hours or more (as MSAL does).
public struct ManagedIdentityCredential: TokenCredential {
    /// The retry policy for IMDS and App Service: 404, 410, 429 and 5xx, up to 4 attempts.
    public static let defaultRetryPolicy = RetryPolicy(retryableStatuses: Set([404, 410, 429]).union(500...599))

    /// The client ID of a user-assigned identity; `nil` for the system-assigned one.
    public let clientID: String?
    private let environment: [String: String]
    private let transport: any HTTPTransport
    private let retrying: any HTTPTransport
    private let timeout: Duration
    private let probeTimeout: Duration
    private let now: @Sendable () -> Date
    private let cache: TokenCache
    private let imdsAnswered: IdentityIMDSProbeState

    /// Creates a credential.
    ///
    /// - Parameters:
    ///   - clientID: A user-assigned identity's client ID, or `nil` for the system-assigned identity.
    ///   - environment: Where `IDENTITY_ENDPOINT`, `IDENTITY_HEADER` and `AZURE_POD_IDENTITY_AUTHORITY_HOST` are read.
    ///   - transport: Sends the requests; wrapped in a ``RetryingHTTPTransport`` with `retryPolicy`
    ///     (except the IMDS probe, which is sent once).
    ///   - retryPolicy: Retries after IMDS or App Service answered.
    ///   - timeout: The longest wait for an answer once the endpoint is known to be there.
    ///   - probeTimeout: The longest wait for IMDS's first answer before calling it unavailable.
    ///   - now: The clock (inject one in tests).
    ///   - logger: Receives a debug line per token acquisition (never the token).
    public init(
        clientID: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        retryPolicy: RetryPolicy = ManagedIdentityCredential.defaultRetryPolicy,
        timeout: Duration = .seconds(30),
        probeTimeout: Duration = .seconds(1),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "daibai.azure.identity", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.clientID = clientID.flatMap { $0.isEmpty ? nil : $0 }
        self.environment = environment
        self.transport = transport
        self.retrying = RetryingHTTPTransport(base: transport, policy: retryPolicy, logger: logger)
        self.timeout = timeout
        self.probeTimeout = probeTimeout
        self.now = now
        self.cache = TokenCache(now: now, logger: logger)
        self.imdsAnswered = IdentityIMDSProbeState()
    }

    /// A cached or new token for `request`.
    public func token(for request: TokenRequest) async throws(CredentialError) -> AccessToken {
        try await cache.issue(for: request, credentialName: credentialName) { () async throws(CredentialError) -> IdentityIssuedToken in
            try await issueToken(for: request)
        }
    }
}

extension ManagedIdentityCredential: IdentityTokenIssuer {
    var credentialName: String { "ManagedIdentityCredential" }

    func issueToken(for request: TokenRequest) async throws(CredentialError) -> IdentityIssuedToken {
        let resource = try IdentityScope.resource(from: request.scopes, credential: credentialName)
        if let endpoint = nonEmpty("IDENTITY_ENDPOINT"), let header = nonEmpty("IDENTITY_HEADER") {
            return try await appService(endpoint: endpoint, header: SecretValue(header), resource: resource)
        }
        return try await imds(resource: resource)
    }

    private func nonEmpty(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    private func query(resource: String, apiVersion: String) -> String {
        var items = [("api-version", apiVersion), ("resource", resource)]
        if let clientID { items.append(("client_id", clientID)) }
        return IdentityFormBody.query(items)
    }

    // MARK: App Service

    private func appService(endpoint: String, header: SecretValue, resource: String) async throws(CredentialError) -> IdentityIssuedToken {
        var fields = HTTPFields()
        if let name = HTTPField.Name("X-IDENTITY-HEADER") { fields[name] = header.revealed() }
        fields[.accept] = "application/json"
        let separator = endpoint.contains("?") ? "&" : "?"
        let head = try IdentityHTTP.head(.get, url: endpoint + separator + query(resource: resource, apiVersion: "2019-08-01"), headers: fields, credential: credentialName)
        let what = "the App Service managed identity endpoint"
        let response = try await IdentityHTTP.send(
            HTTPTransportRequest(head: head, timeout: timeout), through: retrying, credential: credentialName, what: what
        )
        return try await parse(response, what: what, secrets: [header], imds: false)
    }

    // MARK: IMDS

    private func imds(resource: String) async throws(CredentialError) -> IdentityIssuedToken {
        var base = nonEmpty("AZURE_POD_IDENTITY_AUTHORITY_HOST") ?? "http://169.254.169.254"
        while base.hasSuffix("/") { base.removeLast() }
        var fields = HTTPFields()
        if let name = HTTPField.Name("Metadata") { fields[name] = "true" }
        fields[.accept] = "application/json"
        let url = base + "/metadata/identity/oauth2/token?" + query(resource: resource, apiVersion: "2018-02-01")
        let head = try IdentityHTTP.head(.get, url: url, headers: fields, credential: credentialName)
        let what = "IMDS"
        var response: HTTPTransportResponse
        if imdsAnswered.answered {
            response = try await IdentityHTTP.send(HTTPTransportRequest(head: head, timeout: timeout), through: retrying, credential: credentialName, what: what)
        } else {
            do throws(HTTPTransportError) {
                response = try await transport.send(HTTPTransportRequest(head: head, timeout: probeTimeout))
            } catch .cancelled {
                throw IdentityCancellation.error(credentialName)
            } catch {
                throw .unavailable(
                    credential: credentialName,
                    reason: "no managed identity endpoint answered (IMDS at \(base): \(error)); this is not an Azure host with a managed identity"
                )
            }
            imdsAnswered.markAnswered()
            if ManagedIdentityCredential.defaultRetryPolicy.isRetryable(status: response.head.status.code) {
                response = try await IdentityHTTP.send(HTTPTransportRequest(head: head, timeout: timeout), through: retrying, credential: credentialName, what: what)
            }
        }
        return try await parse(response, what: what, secrets: [], imds: true)
    }

    // MARK: Answers

    private func parse(_ response: HTTPTransportResponse, what: String, secrets: [SecretValue], imds: Bool) async throws(CredentialError) -> IdentityIssuedToken {
        let received = now()
        let body = try await IdentityHTTP.body(of: response, credential: credentialName, what: what)
        let status = response.head.status.code
        guard (200..<300).contains(status) else {
            let detail = IdentityHTTP.decode(IdentityManagedIdentityError.self, from: body)?.summary
                .map { IdentityHTTP.redact($0, secrets: secrets) } ?? IdentityHTTP.excerpt(body, redacting: secrets)
            if imds && status == 400 {
                let which = clientID == nil ? "no identity is assigned to this resource" : "the requested identity (client ID \(clientID ?? "")) is not assigned to this resource"
                throw .unavailable(credential: credentialName, reason: "IMDS answered HTTP 400: \(which) (\(detail))")
            }
            if imds && status == 403 && detail.localizedCaseInsensitiveContains("unreachable") {
                throw .unavailable(credential: credentialName, reason: "IMDS is unreachable from this network (\(detail))")
            }
            throw .authenticationFailed(credential: credentialName, reason: "\(what) answered HTTP \(status): \(detail)")
        }
        guard let decoded = IdentityHTTP.decode(IdentityManagedIdentityResponse.self, from: body), !decoded.accessToken.isEmpty else {
            throw .authenticationFailed(credential: credentialName, reason: "\(what) answered HTTP \(status) without access_token")
        }
        let expiresOn: Date
        if let seconds = decoded.expiresOn?.value {
            expiresOn = Date(timeIntervalSince1970: seconds)
        } else if let seconds = decoded.expiresIn?.value {
            expiresOn = received.addingTimeInterval(seconds)
        } else {
            throw .authenticationFailed(credential: credentialName, reason: "\(what) answered without expires_on or expires_in")
        }
        let refreshOn: Date?
        if let refreshIn = decoded.refreshIn?.value {
            refreshOn = received.addingTimeInterval(refreshIn)
        } else {
            let lifetime = expiresOn.timeIntervalSince(received)
            refreshOn = lifetime >= 7200 ? received.addingTimeInterval(lifetime / 2) : nil
        }
        return IdentityIssuedToken(token: AccessToken(token: SecretValue(decoded.accessToken), expiresOn: expiresOn), refreshOn: refreshOn)
    }
}

/// Whether IMDS has answered once (then it is not probed again). Shared by copies of a credential.
final class IdentityIMDSProbeState: Sendable {
    private let state = Mutex(false)

    /// Whether an answer arrived.
    var answered: Bool { state.withLock { $0 } }

    /// Records that an answer arrived.
    func markAnswered() { state.withLock { $0 = true } }
}
