import DaiBaiTestSupport
import CoreMetrics
import DaiBaiCore
import HTTPTypes
import OpenAPIRuntime
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(10)))
struct AsyncHTTPClientTransportTests {
    let transport = AsyncHTTPClientTransport()

    @Test func getRoundTripCarriesHeadersQueryAndBody() async throws {
        try await withLoopbackServer([
            .init("GET /hello") { request in
                .text(200, "hello \(request.header("x-test") ?? "?")", headers: ["x-reply": "yes"])
            },
        ]) { server in
            let response = try await transport.send(
                .loopback(server, .get, "/hello?lang=en&page=2", headers: [.testHeader: "42", .authorization: "Bearer sk-test"])
            )
            #expect(response.head.status == .ok)
            #expect(response.head.headerFields[.replyHeader] == "yes")
            #expect(response.body.length == .known(8))
            #expect(try await response.text() == "hello 42")

            let received = try #require(server.requests.first)
            #expect(server.requests.count == 1)
            #expect(received.method == "GET")
            #expect(received.path == "/hello")
            #expect(received.queryValue("lang") == "en")
            #expect(received.queryValue("page") == "2")
            #expect(received.header("x-test") == "42")
            #expect(received.header("authorization") == "Bearer sk-test")
            #expect(received.body.isEmpty)
        }
    }

    @Test func redirectsAreReturnedNotFollowedSoCredentialsStayOnTheirHost() async throws {
        try await withLoopbackServer([.init("/*") { _ in .text(200, "elsewhere") }]) { elsewhere in
            try await withLoopbackServer([
                .init("/*") { _ in .text(307, "", headers: ["Location": elsewhere.url("/steal")]) },
            ]) { configured in
                let response = try await transport.send(.loopback(configured, .get, "/v1/models", headers: [.testHeader: "key-in-its-own-header"]))
                #expect(response.head.status.code == 307)
                #expect(configured.requests.count == 1)
                #expect(elsewhere.requests.isEmpty)
            }
        }
    }

    @Test func postRoundTripSendsTheBodyAndReadsTheEcho() async throws {
        try await withLoopbackServer([
            .init("POST /echo") { request in
                .bytes(201, headers: ["content-type": request.header("content-type") ?? "none"], request.body.reversed())
            },
        ]) { server in
            let payload: [UInt8] = Array(#"{"sql":"SELECT 1"}"#.utf8) + [0, 255, 128]
            let response = try await transport.send(
                .loopback(server, .post, "/echo", headers: [.contentType: "application/json"], body: payload)
            )
            #expect(response.head.status.code == 201)
            #expect(response.head.headerFields[.contentType] == "application/json")
            #expect(try await response.body.collect() == payload.reversed())

            let received = try #require(server.requests.first)
            #expect(received.method == "POST")
            #expect(received.body == payload)
            #expect(received.header("content-length") == "\(payload.count)")
        }
    }

    @Test func streamsTheFirstChunkBeforeTheServerSendsTheLast() async throws {
        let clientHasFirstChunk = TestSignal()
        let serverSawSignalBeforeLastChunk = Mutex<Bool?>(nil)
        try await withLoopbackServer([
            .init("GET /stream") { _ in
                .stream(200, headers: ["content-type": "text/event-stream"]) { writer in
                    writer.write("first|")
                    // Waits for the client; the timeout only keeps a broken transport from hanging the test.
                    let signalled = await clientHasFirstChunk.wait(timeout: TestPatience.safetyNet)
                    serverSawSignalBeforeLastChunk.withLock { $0 = signalled }
                    writer.write("second|")
                    writer.write("third")
                }
            },
        ]) { server in
            let response = try await transport.send(.loopback(server, .get, "/stream"))
            #expect(response.head.status == .ok)
            #expect(response.body.length == .unknown)

            var received: [UInt8] = []
            var iterator = response.body.makeAsyncIterator()
            while received.count < "first|".utf8.count, let chunk = try await iterator.next() {
                received += chunk
            }
            #expect(String(decoding: received, as: UTF8.self) == "first|")
            #expect(serverSawSignalBeforeLastChunk.withLock { $0 } == nil, "the server must still be waiting")
            clientHasFirstChunk.fire()
            while let chunk = try await iterator.next() {
                received += chunk
            }
            #expect(String(decoding: received, as: UTF8.self) == "first|second|third")
            #expect(serverSawSignalBeforeLastChunk.withLock { $0 } == true)
        }
    }

    @Test func aSlowServerTimesOut() async throws {
        let release = TestSignal()
        try await withLoopbackServer([
            .init("GET /slow") { _ in
                _ = await release.wait(timeout: TestPatience.safetyNet)
                return .text(200, "too late")
            },
        ]) { server in
            await #expect(throws: HTTPTransportError.timedOut(.milliseconds(300))) {
                try await transport.send(.loopback(server, .get, "/slow", timeout: .milliseconds(300)))
            }
            #expect(!release.isFired)
            release.fire()
        }
    }

    @Test func cancellingTheTaskStopsARequestTheServerHoldsOpen() async throws {
        let arrived = TestSignal()
        let release = TestSignal()
        try await withLoopbackServer([
            .init("GET /hold") { _ in
                arrived.fire()
                _ = await release.wait(timeout: TestPatience.safetyNet)
                return .text(200, "released")
            },
        ]) { server in
            let transport = self.transport
            let task = Task { () throws(HTTPTransportError) -> HTTPTransportResponse in
                try await transport.send(.loopback(server, .get, "/hold", timeout: TestPatience.generous))
            }
            #expect(await arrived.wait(timeout: TestPatience.safetyNet))
            task.cancel()
            let result = await task.result
            // The server is still holding the request, so the client stopped on its own.
            #expect(!release.isFired)
            #expect(throws: HTTPTransportError.cancelled) { try result.get() }
            release.fire()
        }
    }

    @Test func cancellingWhileReadingTheBodyStopsTheStream() async throws {
        let release = TestSignal()
        try await withLoopbackServer([
            .init("GET /endless") { _ in
                .stream { writer in
                    writer.write("start")
                    _ = await release.wait(timeout: TestPatience.safetyNet)
                }
            },
        ]) { server in
            let response = try await transport.send(.loopback(server, .get, "/endless"))
            let firstChunk = TestSignal()
            let reader = Task { () async throws -> Int in
                var count = 0
                for try await chunk in response.body {
                    count += chunk.count
                    firstChunk.fire()
                }
                return count
            }
            #expect(await firstChunk.wait(timeout: TestPatience.safetyNet))
            reader.cancel()
            let result = await reader.result
            #expect(!release.isFired)
            #expect(throws: HTTPTransportError.cancelled) { try result.get() }
            release.fire()
        }
    }

    @Test func aClosedPortFailsToConnectWithoutLeakingHeaders() async throws {
        // Held bound and not listening: refused, and no other test's server can take the port.
        let refusing = try ReservedLoopbackPort(.refusing)
        defer { refusing.close() }
        let closed = refusing.authority

        let request = HTTPTransportRequest(
            head: HTTPRequest(method: .get, scheme: "http", authority: closed, path: "/", headerFields: [.authorization: "Bearer sk-secret-123"]),
            timeout: TestPatience.generous
        )
        do {
            _ = try await transport.send(request)
            Issue.record("expected a connection failure")
        } catch {
            guard case .connectionFailed(let message) = error else {
                Issue.record("expected .connectionFailed, got \(error)")
                return
            }
            #expect(message.contains(closed), "the message names the host and port")
            #expect(!message.contains("sk-secret"))
            #expect(!error.description.contains("sk-secret"))
        }
    }

    @Test(arguments: ["ftp", "file"])
    func unsupportedSchemesAreInvalidRequests(_ scheme: String) async throws {
        let request = HTTPTransportRequest(head: HTTPRequest(method: .get, scheme: scheme, authority: "example.com", path: "/"))
        await #expect {
            try await transport.send(request)
        } throws: { error in
            guard case .invalidRequest(let message) = error as? HTTPTransportError else { return false }
            return message.contains(scheme)
        }
    }

    @Test func aMissingHostIsAnInvalidRequest() async throws {
        let request = HTTPTransportRequest(head: HTTPRequest(method: .get, scheme: "http", authority: nil, path: "/"))
        await #expect {
            try await transport.send(request)
        } throws: { error in
            if case .invalidRequest = error as? HTTPTransportError { return true }
            return false
        }
    }

    @Test func countsRequestsAndFailuresByMethodAndStatusClass() async throws {
        let metrics = RecordingMetrics()
        let transport = AsyncHTTPClientTransport(metricsFactory: metrics)
        try await withLoopbackServer([
            .init("GET /ok") { _ in .text(200, "fine") },
            .init("POST /missing") { _ in .text(404, "nope") },
        ]) { server in
            _ = try await transport.send(.loopback(server, .get, "/ok")).body.collect()
            _ = try await transport.send(.loopback(server, .get, "/ok")).body.collect()
            _ = try await transport.send(.loopback(server, .post, "/missing", body: [1])).body.collect()
        }
        _ = try? await transport.send(HTTPTransportRequest(head: HTTPRequest(method: .put, scheme: "gopher", authority: "x", path: "/")))

        #expect(metrics.counter("daibai_http_requests_total", ["method": "GET", "status_class": "2xx"]) == 2)
        #expect(metrics.counter("daibai_http_requests_total", ["method": "POST", "status_class": "4xx"]) == 1)
        #expect(metrics.counter("daibai_http_requests_total", ["method": "PUT", "status_class": "error"]) == 1)
        #expect(metrics.counter("daibai_http_request_failures_total", ["method": "PUT", "reason": "invalid_request"]) == 1)
        #expect(metrics.timerCount("daibai_http_request_duration", ["method": "GET", "status_class": "2xx"]) == 2)
    }
}

extension HTTPBody {
    /// All bytes of the body (at most 1 MiB).
    fileprivate func collect() async throws -> [UInt8] {
        try await [UInt8](collecting: self, upTo: 1 << 20)
    }
}

/// A metrics factory that keeps counter sums and timer sample counts, for assertions.
final class RecordingMetrics: MetricsFactory {
    private let values = Mutex<[String: Int64]>([:])

    private static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        label + "|" + dimensions.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
    }

    /// The sum of the counter `label` with exactly these dimensions.
    func counter(_ label: String, _ dimensions: [String: String]) -> Int64 {
        values.withLock { $0[Self.key(label, dimensions.map { ($0.key, $0.value) })] ?? 0 }
    }

    /// How many samples the timer `label` with exactly these dimensions recorded.
    func timerCount(_ label: String, _ dimensions: [String: String]) -> Int64 {
        counter(label, dimensions)
    }

    fileprivate func add(_ key: String, _ amount: Int64) {
        values.withLock { $0[key, default: 0] += amount }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        Handler(key: Self.key(label, dimensions), metrics: self)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        Handler(key: Self.key(label, dimensions), metrics: self)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        Handler(key: Self.key(label, dimensions), metrics: self)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        Handler(key: Self.key(label, dimensions), metrics: self)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        Handler(key: Self.key(label, dimensions), metrics: self)
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}

    private final class Handler: CounterHandler, FloatingPointCounterHandler, RecorderHandler, TimerHandler, MeterHandler {
        let key: String
        let metrics: RecordingMetrics

        init(key: String, metrics: RecordingMetrics) {
            self.key = key
            self.metrics = metrics
        }

        func increment(by amount: Int64) { metrics.add(key, amount) }
        func increment(by amount: Double) { metrics.add(key, Int64(amount)) }
        func reset() {}
        func record(_ value: Int64) { metrics.add(key, 1) }
        func record(_ value: Double) { metrics.add(key, 1) }
        func recordNanoseconds(_ duration: Int64) { metrics.add(key, 1) }
        func set(_ value: Int64) {}
        func set(_ value: Double) {}
        func decrement(by: Double) {}
    }
}
