import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// A real HTTP/1.1 server (FlyingFox) on 127.0.0.1 with an ephemeral port, for tests.
///
/// Its request and response types are plain value types, so tests never need to import
/// FlyingFox (whose `HTTPRequest`/`HTTPResponse` names clash with swift-http-types).
///
/// ```swift
/// try await withLoopbackServer([
///     .init("GET /hello") { _ in .text(200, "hi") },
/// ]) { server in
///     // send to server.url("/hello"), then inspect server.requests
/// }
/// ```
/// Routes use FlyingFox patterns: `"GET /path"`, `"POST /items/*"`, `"/any-method"`.
/// Unmatched requests get 404. Every request is recorded (body included) before its handler runs.
public final class LoopbackHTTPServer: Sendable {
    /// A request as the server received it.
    public struct Request: Sendable {
        /// The method, e.g. `"GET"`.
        public var method: String
        /// The path without the query, e.g. `"/v1/items"`.
        public var path: String
        /// The query items, in order.
        public var query: [(name: String, value: String)]
        /// The header fields with lower-cased names; repeated fields are joined with ", ".
        public var headers: [String: String]
        /// The body bytes.
        public var body: [UInt8]

        /// The body decoded as UTF-8.
        public var bodyText: String { String(decoding: body, as: UTF8.self) }

        /// The value of the header `name` (case-insensitive).
        public func header(_ name: String) -> String? { headers[name.lowercased()] }

        /// The value of the query item `name`.
        public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }
    }

    /// A response to send back.
    public struct Response: Sendable {
        /// How the body is sent.
        public enum Body: Sendable {
            /// All at once, with a `Content-Length`.
            case bytes([UInt8])
            /// Chunked: each `write` of the producer becomes one chunk, sent at once.
            case stream(@Sendable (StreamWriter) async throws -> Void)
        }

        public var status: Int
        public var headers: [String: String]
        public var body: Body

        /// A response with a byte body.
        public static func bytes(_ status: Int, headers: [String: String] = [:], _ body: [UInt8] = []) -> Response {
            Response(status: status, headers: headers, body: .bytes(body))
        }

        /// A response with a UTF-8 text body.
        public static func text(_ status: Int, _ body: String = "", headers: [String: String] = [:]) -> Response {
            Response(status: status, headers: headers, body: .bytes(Array(body.utf8)))
        }

        /// A chunked response whose body `producer` writes; the body ends when it returns.
        public static func stream(
            _ status: Int = 200,
            headers: [String: String] = [:],
            _ producer: @escaping @Sendable (StreamWriter) async throws -> Void
        ) -> Response {
            Response(status: status, headers: headers, body: .stream(producer))
        }
    }

    /// Writes the chunks of a streamed response.
    public struct StreamWriter: Sendable {
        fileprivate let continuation: AsyncStream<[UInt8]>.Continuation

        /// Sends `bytes` as one chunk (as soon as the server's writer picks it up).
        public func write(_ bytes: [UInt8]) { continuation.yield(bytes) }

        /// Sends the UTF-8 bytes of `text` as one chunk.
        public func write(_ text: String) { write(Array(text.utf8)) }
    }

    /// Answers a request.
    public typealias Handler = @Sendable (Request) async throws -> Response

    /// A route pattern and its handler.
    public struct Route: Sendable {
        public var pattern: String
        public var handler: Handler

        public init(_ pattern: String, _ handler: @escaping Handler) {
            self.pattern = pattern
            self.handler = handler
        }
    }

    private let server: HTTPServer
    private let task: Task<Void, any Error>
    private let recorded = RequestLog()

    /// The bound port.
    public let port: UInt16

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `host:port`, as an HTTP authority.
    public var authority: String { "127.0.0.1:\(port)" }

    /// `baseURL` + `path` (which should start with "/").
    public func url(_ path: String) -> String { baseURL + path }

    /// Every request received so far, oldest first.
    public var requests: [Request] { recorded.all }

    private init(server: HTTPServer, task: Task<Void, any Error>, port: UInt16) {
        self.server = server
        self.task = task
        self.port = port
    }

    /// Starts a server with `routes` and waits until it listens.
    public static func start(_ routes: [Route] = []) async throws -> LoopbackHTTPServer {
        let server = HTTPServer(
            address: try sockaddr_in.inet(ip4: "127.0.0.1", port: 0),
            // FlyingFox answers 500 to a handler that runs longer; handlers that wait on a
            // test's signal must never meet that on a busy machine.
            timeout: 600,
            logger: .disabled
        )
        let task = Task { try await server.run() }
        do {
            try await server.waitUntilListening(timeout: 600)
        } catch {
            task.cancel()
            throw error
        }
        guard case .ip4(_, let port) = await server.listeningAddress else {
            await server.stop()
            task.cancel()
            throw LoopbackServerError.noListeningAddress
        }
        let loopback = LoopbackHTTPServer(server: server, task: task, port: port)
        for route in routes {
            await loopback.route(route.pattern, route.handler)
        }
        return loopback
    }

    /// Adds a route (routes match in the order they were added).
    public func route(_ pattern: String, _ handler: @escaping Handler) async {
        await server.appendRoute(HTTPRoute(pattern)) { [recorded] request in
            let body = [UInt8](try await request.bodyData)
            var headers: [String: String] = [:]
            for (name, value) in request.headers {
                let key = name.rawValue.lowercased()
                headers[key] = headers[key].map { "\($0), \(value)" } ?? value
            }
            let recordedRequest = Request(
                method: request.method.rawValue,
                path: request.path,
                query: request.query.map { ($0.name, $0.value) },
                headers: headers,
                body: body
            )
            recorded.append(recordedRequest)
            return Self.makeResponse(try await handler(recordedRequest))
        }
    }

    /// Stops listening, closes connections and ends the server task.
    public func stop() async {
        await server.stop(timeout: 0)
        task.cancel()
        _ = await task.result
    }

    private static func makeResponse(_ response: Response) -> FlyingFox.HTTPResponse {
        var headers = HTTPHeaders()
        for (name, value) in response.headers {
            headers.addValue(value, for: HTTPHeader(name))
        }
        let status = HTTPStatusCode(response.status, phrase: reasonPhrases[response.status] ?? "Status")
        switch response.body {
        case .bytes(let bytes):
            return FlyingFox.HTTPResponse(statusCode: status, headers: headers, body: Data(bytes))
        case .stream(let producer):
            let stream = AsyncStream<[UInt8]> { continuation in
                let task = Task {
                    try? await producer(StreamWriter(continuation: continuation))
                    continuation.finish()
                }
                continuation.onTermination = { _ in task.cancel() }
            }
            return FlyingFox.HTTPResponse(
                statusCode: status,
                headers: headers,
                body: HTTPBodySequence(from: ChunkStream(stream: stream))
            )
        }
    }

    private static let reasonPhrases: [Int: String] = [
        200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized",
        403: "Forbidden", 404: "Not Found", 408: "Request Timeout", 429: "Too Many Requests",
        500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout", 529: "Overloaded",
    ]
}

/// The requests a ``LoopbackHTTPServer`` received.
private final class RequestLog: Sendable {
    private let requests = Mutex<[LoopbackHTTPServer.Request]>([])
    var all: [LoopbackHTTPServer.Request] { requests.withLock { $0 } }
    func append(_ request: LoopbackHTTPServer.Request) { requests.withLock { $0.append(request) } }
}

/// Why the loopback server could not start.
public enum LoopbackServerError: Error {
    /// The server did not report an IPv4 listening address.
    case noListeningAddress
}

/// Runs `body` with a started server and always stops it afterwards.
public func withLoopbackServer<T>(
    _ routes: [LoopbackHTTPServer.Route] = [],
    _ body: (LoopbackHTTPServer) async throws -> T
) async throws -> T {
    let server = try await LoopbackHTTPServer.start(routes)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Adapts an `AsyncStream` of chunks to FlyingFox's buffered byte sequence; each chunk is
/// handed over as soon as it is yielded (split only if larger than the suggested size).
private struct ChunkStream: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let stream: AsyncStream<[UInt8]>

    func makeAsyncIterator() -> Iterator { Iterator(base: stream.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var base: AsyncStream<[UInt8]>.Iterator
        var pending: ArraySlice<UInt8> = []

        @concurrent mutating func next() async throws -> UInt8? {
            guard let buffer = try await nextBuffer(suggested: 1) else { return nil }
            return buffer.first
        }

        @concurrent mutating func nextBuffer(suggested count: Int) async throws -> ArraySlice<UInt8>? {
            while pending.isEmpty {
                guard let chunk = await base.next() else { return nil }
                pending = chunk[...]
            }
            let taken = pending.prefix(Swift.max(1, count))
            pending = pending.dropFirst(taken.count)
            return taken
        }
    }
}

/// A one-shot signal between tasks of a test: `fire()` once, `wait()` from anywhere.
public final class TestSignal: Sendable {
    private struct State {
        var fired = false
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// Creates an unfired signal.
    public init() {}

    /// Whether `fire()` was called.
    public var isFired: Bool { state.withLock { $0.fired } }

    /// Fires the signal, releasing all current and future waiters.
    public func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [:] }
            return state.waiters
        }
        for waiter in waiters.values { waiter.resume() }
    }

    /// Waits until the signal fires or the task is cancelled.
    public func wait() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.fired || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Waits until the signal fires, at most `timeout`; returns whether it fired.
    /// (A safety net so a broken test fails instead of hanging; never a timing assertion.)
    public func wait(timeout: Duration) async -> Bool {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        return isFired
    }
}
