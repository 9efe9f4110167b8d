import HTTPTypes
import OpenAPIRuntime

/// One HTTP request as the SDK's clients send it.
///
/// The body is buffered (requests here are small JSON or form documents) so that the
/// retry helper can send it again; the response body is streamed.
public struct HTTPTransportRequest: Sendable {
    /// Method, scheme, authority, path and headers.
    public var head: HTTPRequest
    /// The body, if any.
    public var body: [UInt8]?
    /// The longest to wait for the response head. Reading the body is bounded by the
    /// caller (cancel the task to stop it).
    public var timeout: Duration

    /// Creates a request.
    public init(head: HTTPRequest, body: [UInt8]? = nil, timeout: Duration = .seconds(60)) {
        self.head = head
        self.body = body
        self.timeout = timeout
    }
}

/// The response: status and headers as soon as they arrive, then a streamed body.
public struct HTTPTransportResponse: Sendable {
    /// Status and headers.
    public var head: HTTPResponse
    /// The body, streamed as it arrives; iterate it once. Cancelling the task stops it.
    public var body: HTTPBody

    /// Creates a response.
    public init(head: HTTPResponse, body: HTTPBody) {
        self.head = head
        self.body = body
    }

    /// The whole body as bytes, failing with ``HTTPTransportError/bodyTooLarge(limit:)``
    /// beyond `limit` bytes.
    public func collectBody(upTo limit: Int) async throws(HTTPTransportError) -> [UInt8] {
        do {
            var bytes: [UInt8] = []
            for try await chunk in body {
                if bytes.count + chunk.count > limit { throw HTTPTransportError.bodyTooLarge(limit: limit) }
                bytes.append(contentsOf: chunk)
            }
            return bytes
        } catch let error as HTTPTransportError {
            throw error
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .connectionFailed("reading the response body failed: \(error)")
        }
    }
}

/// Why an HTTP exchange failed before a response arrived (HTTP error statuses are responses, not errors).
public enum HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request cannot be sent as given (bad URL, unsupported scheme).
    case invalidRequest(String)
    /// The connection could not be made or broke.
    case connectionFailed(String)
    /// No response head arrived within the timeout.
    case timedOut(Duration)
    /// The response body exceeded the allowed size.
    case bodyTooLarge(limit: Int)
    /// The task was cancelled.
    case cancelled

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .invalidRequest(let m): "Invalid HTTP request: \(m)"
        case .connectionFailed(let m): "HTTP connection failed: \(m)"
        case .timedOut(let limit): "No HTTP response within \(limit)."
        case .bodyTooLarge(let limit): "The HTTP response body is larger than \(limit) bytes."
        case .cancelled: "The HTTP request was cancelled."
        }
    }

    /// Whether sending the same request again may succeed (connection failures and timeouts).
    public var isTransient: Bool {
        switch self {
        case .connectionFailed, .timedOut: true
        case .invalidRequest, .bodyTooLarge, .cancelled: false
        }
    }
}

/// The narrow seam every HTTP client of the SDK sends through.
///
/// The default is ``AsyncHTTPClientTransport``; wrap it in ``RetryingHTTPTransport`` for
/// retries; tests use a loopback server or the fake in `DaiBaiTesting`.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns once the response head has arrived.
    func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse
}
