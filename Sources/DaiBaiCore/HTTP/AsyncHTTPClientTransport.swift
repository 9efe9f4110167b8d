import AsyncHTTPClient
import HTTPTypes
import Logging
import Metrics
import OpenAPIRuntime
import Tracing

/// The default ``HTTPTransport``, backed by swift-server/async-http-client.
///
/// - The request's ``HTTPTransportRequest/timeout`` bounds the wait for the response head;
///   the body is then streamed as it arrives, without buffering. Cancel the task to stop it.
/// - Task cancellation stops the request at any time (``HTTPTransportError/cancelled``).
/// - Each request runs in a client tracing span named `HTTP <METHOD>` with the method, host,
///   port, scheme and status as attributes (never headers, paths or query strings).
/// - Metrics: the counter `daibai_http_requests_total` (dimensions `method`, `status_class`:
///   `2xx`…`5xx` or `error`), the counter `daibai_http_request_failures_total` (dimensions
///   `method`, `reason`) and the timer `daibai_http_request_duration` (time to the response
///   head; dimensions `method`, `status_class`).
/// - Redirects are not followed by the default client: a 3xx is returned as the response.
/// - With the default client, which retries connection establishment, an unreachable host is
///   reported when the timeout expires, as ``HTTPTransportError/connectionFailed(_:)`` carrying
///   the last connection error (for example "Connection refused").
/// - Logging goes to the injected logger only, at debug level, without header values or
///   query strings; the underlying client gets no logger (its logs may contain full URLs).
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// The client that sends the requests.
    public let client: HTTPClient
    /// Where debug lines go.
    public let logger: Logger
    /// Where counters and timers are created (the global metrics system by default).
    public let metricsFactory: any MetricsFactory

    /// Creates a transport.
    ///
    /// - Parameters:
    ///   - client: The client to send with; by default ``AsyncHTTPClient/HTTPClient/nonRedirecting``,
    ///     which never follows redirects, so credentials never travel to another host (it lives for
    ///     the whole process). A client you create yourself you must shut down.
    ///   - logger: Receives debug lines; a no-op logger by default.
    ///   - metricsFactory: Creates the counters and timer; `MetricsSystem.factory` by default.
    public init(
        client: HTTPClient = .nonRedirecting,
        logger: Logger = Logger(label: "daibai.http", factory: { _ in SwiftLogNoOpLogHandler() }),
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.client = client
        self.logger = logger
        self.metricsFactory = metricsFactory
    }

    /// Sends `request` and returns as soon as the response head has arrived; the body streams.
    public func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        let method = request.head.method.rawValue
        let host = Self.hostForDisplay(request.head.authority)
        let started = ContinuousClock.now
        let result: Result<HTTPTransportResponse, HTTPTransportError> = await withSpan("HTTP \(method)", ofKind: .client) { span in
            span.attributes["http.request.method"] = method
            span.attributes["server.address"] = host
            if let scheme = request.head.scheme { span.attributes["url.scheme"] = scheme }
            // W3C trace context (traceparent) for the callee, from the application's instrument.
            var traced = request
            InstrumentationSystem.instrument.inject(span.context, into: &traced.head.headerFields, using: HTTPFieldsInjector())
            let result = await execute(traced)
            switch result {
            case .success(let response):
                let code = response.head.status.code
                span.attributes["http.response.status_code"] = code
                if code >= 500 { span.setStatus(SpanStatus(code: .error)) }
            case .failure(let error):
                span.attributes["error.type"] = Self.reason(for: error)
                span.recordError(error)
                span.setStatus(SpanStatus(code: .error, message: error.description))
            }
            return result
        }
        let elapsed = started.duration(to: .now)
        record(result, method: method, host: host, elapsed: elapsed)
        return try result.get()
    }

    // MARK: - Sending

    private func execute(_ request: HTTPTransportRequest) async -> Result<HTTPTransportResponse, HTTPTransportError> {
        let clientRequest: HTTPClientRequest
        switch Self.makeClientRequest(request) {
        case .success(let made): clientRequest = made
        case .failure(let error): return .failure(error)
        }
        if Task.isCancelled { return .failure(.cancelled) }
        do {
            let response = try await client.execute(
                clientRequest,
                timeout: .nanoseconds(request.timeout.saturatingNanoseconds),
                logger: nil
            )
            return Self.makeResponse(response, for: request)
        } catch {
            return .failure(Self.map(error, timeout: request.timeout, host: Self.hostForDisplay(request.head.authority)))
        }
    }

    static func makeClientRequest(_ request: HTTPTransportRequest) -> Result<HTTPClientRequest, HTTPTransportError> {
        let head = request.head
        guard let scheme = head.scheme?.lowercased(), !scheme.isEmpty else {
            return .failure(.invalidRequest("the request has no URL scheme; use http or https"))
        }
        guard scheme == "http" || scheme == "https" else {
            return .failure(.invalidRequest("the URL scheme '\(scheme)' is not supported; use http or https"))
        }
        guard let authority = head.authority, !authority.isEmpty else {
            return .failure(.invalidRequest("the request has no host (authority)"))
        }
        var path = head.path ?? "/"
        if path.isEmpty { path = "/" }
        guard path.hasPrefix("/") else {
            return .failure(.invalidRequest("the request path must start with '/'"))
        }
        var clientRequest = HTTPClientRequest(url: "\(scheme)://\(authority)\(path)")
        clientRequest.method = .init(rawValue: head.method.rawValue)
        for field in head.headerFields {
            clientRequest.headers.add(name: field.name.rawName, value: field.value)
        }
        if let body = request.body {
            clientRequest.body = .bytes(body)
        }
        return .success(clientRequest)
    }

    static func makeResponse(
        _ response: HTTPClientResponse,
        for request: HTTPTransportRequest
    ) -> Result<HTTPTransportResponse, HTTPTransportError> {
        let code = Int(response.status.code)
        guard (100...999).contains(code) else {
            return .failure(.connectionFailed("the server sent an invalid status code \(code)"))
        }
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let fieldName = HTTPField.Name(name) {
                fields.append(HTTPField(name: fieldName, value: value))
            }
        }
        let length: HTTPBody.Length
        if request.head.method == .head || code == 204 || code == 304 || (100..<200).contains(code) {
            length = .known(0)
        } else if let declared = response.headers.first(name: "content-length").flatMap({ Int64($0) }), declared >= 0 {
            length = .known(declared)
        } else {
            length = .unknown
        }
        let head = HTTPResponse(status: .init(code: code, reasonPhrase: response.status.reasonPhrase), headerFields: fields)
        let body = HTTPBody(
            ResponseChunks(base: response.body, timeout: request.timeout, host: hostForDisplay(request.head.authority)),
            length: length,
            iterationBehavior: .single
        )
        return .success(HTTPTransportResponse(head: head, body: body))
    }

    // MARK: - Errors

    /// Maps an async-http-client or NIO error to a transport error without header values.
    static func map(_ error: any Error, timeout: Duration, host: String) -> HTTPTransportError {
        if let error = error as? HTTPTransportError { return error }
        if error is CancellationError || Task.isCancelled { return .cancelled }
        guard let clientError = error as? HTTPClientError else {
            // NIO connection errors name the host, port and system error, never headers.
            return .connectionFailed("request to \(host) failed: \(error); check the endpoint and the network")
        }
        switch clientError {
        case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
             .getConnectionFromPoolTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout:
            return .timedOut(timeout)
        case .cancelled, .requestStreamCancelled:
            return .cancelled
        case .invalidURL, .emptyHost, .emptyScheme:
            return .invalidRequest("the URL is not valid (\(clientError.shortDescription))")
        default:
            // `shortDescription` never includes associated values (such as header values).
            let short = clientError.shortDescription
            if short.localizedCaseInsensitiveContains("scheme") {
                return .invalidRequest("the URL scheme is not supported; use http or https")
            }
            if short.localizedCaseInsensitiveContains("header") {
                return .invalidRequest("a header field is not valid HTTP (\(short))")
            }
            return .connectionFailed("request to \(host) failed: \(short)")
        }
    }

    // MARK: - Observability

    private func record(
        _ result: Result<HTTPTransportResponse, HTTPTransportError>,
        method: String,
        host: String,
        elapsed: Duration
    ) {
        let statusClass: String
        switch result {
        case .success(let response):
            statusClass = "\(response.head.status.code / 100)xx"
            logger.debug(
                "HTTP response",
                metadata: ["method": "\(method)", "host": "\(host)", "status": "\(response.head.status.code)", "elapsed": "\(elapsed)"]
            )
        case .failure(let error):
            statusClass = "error"
            let reason = Self.reason(for: error)
            Counter(label: DaiBaiMetricName.httpRequestFailures, dimensions: [("method", method), ("reason", reason)], factory: metricsFactory)
                .increment()
            logger.debug(
                "HTTP request failed",
                metadata: ["method": "\(method)", "host": "\(host)", "error": "\(error)", "elapsed": "\(elapsed)"]
            )
        }
        let dimensions = [("method", method), ("status_class", statusClass)]
        Counter(label: DaiBaiMetricName.httpRequests, dimensions: dimensions, factory: metricsFactory).increment()
        Timer(label: DaiBaiMetricName.httpRequestDuration, dimensions: dimensions, factory: metricsFactory)
            .recordNanoseconds(elapsed.saturatingNanoseconds)
    }

    static func reason(for error: HTTPTransportError) -> String {
        switch error {
        case .invalidRequest: "invalid_request"
        case .connectionFailed: "connection_failed"
        case .timedOut: "timed_out"
        case .bodyTooLarge: "body_too_large"
        case .cancelled: "cancelled"
        }
    }

    /// The host without any user-info (`user:password@`), for spans and logs.
    static func hostForDisplay(_ authority: String?) -> String {
        guard let authority else { return "" }
        if let at = authority.lastIndex(of: "@") {
            return String(authority[authority.index(after: at)...])
        }
        return authority
    }
}

/// The response body of async-http-client as byte chunks, with errors mapped to
/// ``HTTPTransportError``.
struct ResponseChunks: AsyncSequence, Sendable {
    typealias Element = ArraySlice<UInt8>
    typealias Failure = any Error

    let base: HTTPClientResponse.Body
    let timeout: Duration
    let host: String

    func makeAsyncIterator() -> Iterator {
        Iterator(base: base.makeAsyncIterator(), timeout: timeout, host: host)
    }

    struct Iterator: AsyncIteratorProtocol {
        typealias Element = ArraySlice<UInt8>
        var base: HTTPClientResponse.Body.AsyncIterator
        let timeout: Duration
        let host: String

        @concurrent mutating func next() async throws -> ArraySlice<UInt8>? {
            do {
                guard let buffer = try await base.next() else {
                    if Task.isCancelled { throw HTTPTransportError.cancelled }
                    return nil
                }
                return ArraySlice(buffer.readableBytesView)
            } catch let error as HTTPTransportError {
                throw error
            } catch {
                switch AsyncHTTPClientTransport.map(error, timeout: timeout, host: host) {
                case .connectionFailed(let message):
                    throw HTTPTransportError.connectionFailed("reading the response body failed: \(message)")
                case let mapped:
                    throw mapped
                }
            }
        }
    }
}
