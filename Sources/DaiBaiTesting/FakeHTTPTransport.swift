import DaiBaiCore
import HTTPTypes
import OpenAPIRuntime
import Synchronization

/// An in-memory ``HTTPTransport`` that answers from a script of replies or a handler closure,
/// without any network, and records every request it receives.
///
/// Scripted entries are used in order, one per ``send(_:)``. When none are left the handler
/// (if any) answers; otherwise the call fails with ``HTTPTransportError/connectionFailed(_:)``
/// saying the script is exhausted. Requests are recorded before they are answered, failed
/// ones included.
public final class FakeHTTPTransport: HTTPTransport {
    /// One scripted answer: a status, header fields and a body sent whole or in chunks.
    public struct Reply: Sendable {
        /// The body of a reply.
        public enum Body: Sendable, Hashable {
            /// All bytes at once, with a known length.
            case bytes([UInt8])
            /// These chunks one after the other, with an unknown length (like a streamed response).
            case chunks([[UInt8]])
        }

        /// The response status.
        public var status: HTTPResponse.Status
        /// The response header fields.
        public var headerFields: HTTPFields
        /// The response body.
        public var body: Body

        /// Creates a reply from typed header fields.
        public init(status: HTTPResponse.Status, headerFields: HTTPFields = [:], body: Body = .bytes([])) {
            self.status = status
            self.headerFields = headerFields
            self.body = body
        }

        /// A reply with `status`, `headers` (names that are not valid HTTP field names are
        /// skipped) and the bytes of `body`.
        public static func status(
            _ status: HTTPResponse.Status,
            headers: KeyValuePairs<String, String> = [:],
            body: [UInt8] = []
        ) -> Reply {
            Reply(status: status, headerFields: fields(headers), body: .bytes(body))
        }

        /// A reply with `status`, `headers` (invalid names skipped) and the UTF-8 bytes of `body`.
        public static func status(
            _ status: HTTPResponse.Status,
            headers: KeyValuePairs<String, String> = [:],
            body: String
        ) -> Reply {
            .status(status, headers: headers, body: Array(body.utf8))
        }

        /// A reply whose body streams `chunks` one by one (unknown length); status 200 by default.
        public static func streaming(
            _ chunks: [[UInt8]],
            status: HTTPResponse.Status = .ok,
            headers: KeyValuePairs<String, String> = [:]
        ) -> Reply {
            Reply(status: status, headerFields: fields(headers), body: .chunks(chunks))
        }

        /// A reply whose body streams the UTF-8 bytes of `chunks` one by one; status 200 by default.
        public static func streaming(
            _ chunks: [String],
            status: HTTPResponse.Status = .ok,
            headers: KeyValuePairs<String, String> = [:]
        ) -> Reply {
            .streaming(chunks.map { Array($0.utf8) }, status: status, headers: headers)
        }

        /// This reply as a transport response; the body can be iterated once.
        public func makeResponse() -> HTTPTransportResponse {
            let head = HTTPResponse(status: status, headerFields: headerFields)
            switch body {
            case .bytes(let bytes):
                return HTTPTransportResponse(
                    head: head,
                    body: HTTPBody(bytes, length: .known(Int64(bytes.count)), iterationBehavior: .single)
                )
            case .chunks(let chunks):
                return HTTPTransportResponse(
                    head: head,
                    body: HTTPBody(ChunkSequence(chunks: chunks), length: .unknown, iterationBehavior: .single)
                )
            }
        }

        private static func fields(_ pairs: KeyValuePairs<String, String>) -> HTTPFields {
            var fields = HTTPFields()
            for (name, value) in pairs {
                if let fieldName = HTTPField.Name(name) {
                    fields.append(HTTPField(name: fieldName, value: value))
                }
            }
            return fields
        }
    }

    /// A closure that answers a request when the script has no entries left.
    public typealias Handler = @Sendable (HTTPTransportRequest) async throws(HTTPTransportError) -> Reply

    private struct State {
        var script: [Result<Reply, HTTPTransportError>]
        var requests: [HTTPTransportRequest] = []
    }

    private let state: Mutex<State>
    private let handler: Handler?

    /// Creates a transport that answers with the scripted `replies` (or errors) in order, then
    /// with `handler` if given.
    public init(script: [Result<Reply, HTTPTransportError>], handler: Handler? = nil) {
        self.state = Mutex(State(script: script))
        self.handler = handler
    }

    /// Creates a transport that answers with `replies` in order, then with `handler` if given.
    public convenience init(replies: [Reply], handler: Handler? = nil) {
        self.init(script: replies.map { .success($0) }, handler: handler)
    }

    /// Creates a transport that answers every request with `handler`.
    public convenience init(handler: @escaping Handler) {
        self.init(script: [], handler: handler)
    }

    /// Every request received so far, oldest first.
    public var requests: [HTTPTransportRequest] {
        state.withLock { $0.requests }
    }

    /// How many requests were received so far.
    public var requestCount: Int {
        state.withLock { $0.requests.count }
    }

    /// How many scripted entries are still unused.
    public var remainingReplies: Int {
        state.withLock { $0.script.count }
    }

    /// Appends a reply to the end of the script.
    public func enqueue(_ reply: Reply) {
        state.withLock { $0.script.append(.success(reply)) }
    }

    /// Appends a failure to the end of the script.
    public func enqueue(failure: HTTPTransportError) {
        state.withLock { $0.script.append(.failure(failure)) }
    }

    /// Records `request`, then answers with the next scripted entry or the handler.
    public func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        let (scripted, number): (Result<Reply, HTTPTransportError>?, Int) = state.withLock { state in
            state.requests.append(request)
            let next = state.script.isEmpty ? nil : state.script.removeFirst()
            return (next, state.requests.count)
        }
        if Task.isCancelled { throw .cancelled }
        if let scripted {
            return try scripted.get().makeResponse()
        }
        guard let handler else {
            throw .connectionFailed(
                "FakeHTTPTransport has no scripted reply left for request #\(number); enqueue more replies or pass a handler"
            )
        }
        return try await handler(request).makeResponse()
    }
}

/// Byte chunks produced one at a time, on demand, checking for cancellation between chunks.
struct ChunkSequence: AsyncSequence, Sendable {
    typealias Element = ArraySlice<UInt8>
    typealias Failure = any Error

    let chunks: [[UInt8]]

    func makeAsyncIterator() -> Iterator {
        Iterator(chunks: chunks)
    }

    struct Iterator: AsyncIteratorProtocol {
        typealias Element = ArraySlice<UInt8>
        let chunks: [[UInt8]]
        var index = 0

        mutating func next() async throws -> ArraySlice<UInt8>? {
            if Task.isCancelled { throw HTTPTransportError.cancelled }
            guard index < chunks.count else { return nil }
            defer { index += 1 }
            await Task.yield()
            return ArraySlice(chunks[index])
        }
    }
}
