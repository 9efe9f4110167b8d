import DaiBaiCore
import Foundation
import HTTPTypes
import Logging
import Metrics
import Tracing

/// A client of one Cosmos DB account's REST API (NoSQL), sending through Core's ``HTTPTransport``.
///
/// Every request carries `x-ms-date`, the pinned `x-ms-version` and an `authorization` header
/// (a master-key signature or a Microsoft Entra ID token). Throttling (429 with
/// `x-ms-retry-after-ms`), 449, 408, 503 and transient transport failures are retried by Core's
/// ``RetryingHTTPTransport`` with ``retryPolicy``. Session tokens returned by the service are
/// remembered per container and sent on later reads and queries of that container, so a client
/// reads its own writes. Documents are reached through ``container(database:name:)``.
///
/// Copies share their session tokens. The account key never appears in logs or errors.
public struct CosmosClient: Sendable {
    /// The REST API version every request pins (`x-ms-version`).
    public static let apiVersion = "2020-07-15"

    /// The default retry policy: up to 9 attempts within 30 s, for 408, 429, 449 and 503.
    public static let defaultRetryPolicy = RetryPolicy(
        maxAttempts: 9, initialBackoff: .milliseconds(100), maxBackoff: .seconds(5),
        maxTotalTime: .seconds(30), retryableStatuses: [408, 429, 449, 503])

    /// The largest response body read.
    static let maxResponseBytes = 16 * 1024 * 1024

    /// `scheme://host[:port]` of the account.
    public let endpoint: String

    let scheme: String
    let authority: String
    let authorizer: CosmosAuthorizer
    let transport: any HTTPTransport
    let timeout: Duration
    let logger: Logger
    let now: @Sendable () -> Date
    let sessionTokens = CosmosSessionTokens()

    /// Creates a client.
    /// - Parameters:
    ///   - endpoint: The account endpoint, e.g. `https://myaccount.documents.azure.com:443/`.
    ///   - authentication: A master key or an Entra ID credential.
    ///   - transport: Where requests go; wrapped in a ``RetryingHTTPTransport`` with `retryPolicy`.
    ///   - retryPolicy: Which statuses are retried and how patiently.
    ///   - sleep: Waits between retries (inject an instant one in tests).
    ///   - timeout: The longest wait for a response head, per attempt.
    ///   - logger: Receives one debug line per request (operation, status, charge; no values).
    ///   - now: The current time, used for `x-ms-date`.
    /// - Throws: ``CosmosError/invalidArgument(_:)`` for an endpoint that is not an `http(s)` URL
    ///   without a path, or an account key that is not base64.
    public init(
        endpoint: String,
        authentication: CosmosAuthentication,
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        retryPolicy: RetryPolicy = CosmosClient.defaultRetryPolicy,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        timeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "daibai.cosmos", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(CosmosError) {
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = url.host, !host.isEmpty, url.path.isEmpty || url.path == "/", url.query == nil
        else {
            throw .invalidArgument("the endpoint must be an http(s) URL without a path, like https://<account>.documents.azure.com:443/")
        }
        self.scheme = scheme
        self.authority = url.port.map { "\(host):\($0)" } ?? host
        self.endpoint = "\(scheme)://\(authority)"
        switch authentication {
        case .masterKey(let key):
            self.authorizer = .masterKey(try CosmosMasterKeySigner(key: key), key)
        case .credential(let credential, let scope):
            self.authorizer = .credential(credential, scope: scope)
        }
        self.transport = RetryingHTTPTransport(
            base: transport,
            retrier: Retrier(policy: retryPolicy, logger: logger, sleep: sleep),
            now: now)
        self.timeout = timeout
        self.logger = logger
        self.now = now
    }

    /// Documents of the container `name` in the database `database`.
    public func container(database: String, name: String) -> CosmosContainer {
        CosmosContainer(client: self, database: database, name: name)
    }

    // MARK: - Sending

    /// Signs and sends `request` in a `cosmos <verb> <type>` client span; returns the head and
    /// body of a 2xx response, or throws the mapped error.
    func execute(_ request: CosmosRequest) async throws(CosmosError) -> CosmosRawResponse {
        let name = "cosmos \(request.method.rawValue) \(request.resourceType)"
        let result: Result<CosmosRawResponse, CosmosError> = await withSpan(name, ofKind: .client) { span in
            span.attributes["db.system"] = "cosmosdb"
            span.attributes["server.address"] = authority
            if let scope = request.sessionScope { span.attributes["db.collection.name"] = scope }
            let result = await send(request)
            if case .failure(let error) = result {
                if let status = error.detail?.status { span.attributes["http.response.status_code"] = status }
                span.recordError(error)
                span.setStatus(SpanStatus(code: .error))
            }
            return result
        }
        return try result.get()
    }

    /// Records `daibai_store_operation_duration` (store `cosmos`, kind = the resource type).
    private static func measure(_ request: CosmosRequest, since started: ContinuousClock.Instant, outcome: String) {
        Timer(label: DaiBaiMetricName.storeOperationDuration, dimensions: [("store", "cosmos"), ("kind", "\(request.resourceType)"), ("outcome", outcome)])
            .recordNanoseconds(started.duration(to: .now).saturatingNanoseconds)
    }

    private func send(_ request: CosmosRequest) async -> Result<CosmosRawResponse, CosmosError> {
        do throws(CosmosError) {
            return .success(try await sendThrowing(request))
        } catch {
            return .failure(error)
        }
    }

    private func sendThrowing(_ request: CosmosRequest) async throws(CosmosError) -> CosmosRawResponse {
        let date = HTTPDate.rfc1123(now())
        var fields = request.headers
        fields[CosmosHeaderName.date] = date
        fields[CosmosHeaderName.version] = Self.apiVersion
        fields[.accept] = "application/json"
        fields[.userAgent] = "DaiBai (swift)"
        if request.sendsSessionToken, let scope = request.sessionScope, let token = sessionTokens.token(for: scope) {
            fields[CosmosHeaderName.sessionToken] = token
        }
        fields[.authorization] = try await authorizer.authorization(
            verb: request.method.rawValue, resourceType: request.resourceType,
            resourceLink: request.resourceLink, date: date)
        let head = HTTPRequest(method: request.method, scheme: scheme, authority: authority, path: request.path, headerFields: fields)

        let response: HTTPTransportResponse
        let started = ContinuousClock.now
        do throws(HTTPTransportError) {
            response = try await transport.send(HTTPTransportRequest(head: head, body: request.body, timeout: timeout))
        } catch {
            Self.measure(request, since: started, outcome: "error")
            throw Self.map(error, operation: request.operation)
        }
        Self.measure(request, since: started, outcome: "\(response.head.status.code / 100)xx")
        let body: [UInt8]
        do throws(HTTPTransportError) {
            body = try await response.collectBody(upTo: Self.maxResponseBytes)
        } catch {
            throw Self.map(error, operation: request.operation)
        }
        let charge = response.head.headerFields[CosmosHeaderName.requestCharge]
        logger.debug(
            "Cosmos DB response",
            metadata: [
                "operation": "\(request.operation)", "status": "\(response.head.status.code)",
                "requestCharge": "\(charge ?? "")",
            ])
        if let scope = request.sessionScope, let token = response.head.headerFields[CosmosHeaderName.sessionToken], !token.isEmpty {
            sessionTokens.remember(token, for: scope)
        }
        guard (200..<300).contains(response.head.status.code) else {
            throw CosmosErrorMapper(redactions: authorizer.redactions).error(
                status: response.head.status.code, body: body, operation: request.operation)
        }
        return CosmosRawResponse(head: response.head, body: body)
    }

    static func map(_ error: HTTPTransportError, operation: String) -> CosmosError {
        switch error {
        case .cancelled: .cancelled
        default: .transport(operation: operation, message: error.description)
        }
    }
}

/// One REST call, described before it is signed.
struct CosmosRequest: Sendable {
    /// Used in errors and logs, e.g. `read document 'x' in dbs/d/colls/c`.
    var operation: String
    var method: HTTPRequest.Method
    /// `dbs`, `colls` or `docs`.
    var resourceType: String
    /// The link signed (unencoded ids).
    var resourceLink: String
    /// The URL path (percent-encoded ids).
    var path: String
    var headers: HTTPFields = [:]
    var body: [UInt8]? = nil
    /// The container link whose session token is remembered from the response.
    var sessionScope: String? = nil
    /// Whether the remembered session token is sent.
    var sendsSessionToken = false
}

/// A successful response, read whole.
struct CosmosRawResponse: Sendable {
    var head: HTTPResponse
    var body: [UInt8]

    var etag: String? { head.headerFields[.eTag] }
    var continuation: String? {
        guard let value = head.headerFields[CosmosHeaderName.continuation], !value.isEmpty else { return nil }
        return value
    }
    var requestCharge: Double? { head.headerFields[CosmosHeaderName.requestCharge].flatMap(Double.init) }
}
