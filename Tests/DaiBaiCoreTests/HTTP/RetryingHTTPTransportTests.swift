import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiTesting
import Foundation
import HTTPTypes
import Testing

@Suite(.timeLimit(.minutes(10)))
struct RetryingHTTPTransportTests {
    /// A retrying transport over the real async-http-client transport, with fake time.
    func retrying(_ policy: RetryPolicy = .default, time: FakeTime) -> RetryingHTTPTransport {
        RetryingHTTPTransport(base: AsyncHTTPClientTransport(), retrier: time.retrier(policy))
    }

    @Test func a503ThenA200SucceedsOnTheSecondAttempt() async throws {
        let time = FakeTime()
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("GET /flaky") { _ in
                calls.next() == 1 ? .text(503, "busy") : .text(200, "ok")
            },
        ]) { server in
            let response = try await retrying(time: time).send(.loopback(server, .get, "/flaky"))
            #expect(response.head.status == .ok)
            #expect(try await response.text() == "ok")
            #expect(server.requests.count == 2)
            #expect(time.sleeps == [.milliseconds(500)])
        }
    }

    @Test func a429RetryAfterMsHintIsHonoured() async throws {
        let time = FakeTime()
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("GET /limited") { _ in
                calls.next() == 1 ? .text(429, "slow down", headers: ["retry-after-ms": "10"]) : .text(200, "ok")
            },
        ]) { server in
            let response = try await retrying(time: time).send(.loopback(server, .get, "/limited"))
            #expect(response.head.status == .ok)
            #expect(time.sleeps == [.milliseconds(10)])
            #expect(server.requests.count == 2)
        }
    }

    @Test func aPostBodyIsSentAgainIdentically() async throws {
        let time = FakeTime()
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("POST /submit") { _ in
                calls.next() < 3 ? .text(503, "again") : .text(200, "stored")
            },
        ]) { server in
            let payload = Array(#"{"question":"how many users?"}"#.utf8) + [0, 200, 255]
            let response = try await retrying(time: time).send(
                .loopback(server, .post, "/submit", headers: [.contentType: "application/json", .testHeader: "same"], body: payload)
            )
            #expect(response.head.status == .ok)
            let received = server.requests
            #expect(received.count == 3)
            for request in received {
                #expect(request.method == "POST")
                #expect(request.body == payload)
                #expect(request.header("content-type") == "application/json")
                #expect(request.header("x-test") == "same")
            }
            #expect(time.sleeps == [.milliseconds(500), .seconds(1)])
        }
    }

    @Test func whenAttemptsRunOutTheLast503IsReturnedWithItsBody() async throws {
        let time = FakeTime()
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("GET /down") { _ in .text(503, "busy #\(calls.next())", headers: ["x-reply": "down"]) },
        ]) { server in
            let response = try await retrying(RetryPolicy(maxAttempts: 3), time: time).send(.loopback(server, .get, "/down"))
            #expect(response.head.status == .serviceUnavailable)
            #expect(response.head.headerFields[.replyHeader] == "down")
            #expect(try await response.text() == "busy #3")
            #expect(server.requests.count == 3)
            #expect(time.sleeps == [.milliseconds(500), .seconds(1)])
        }
    }

    @Test func a400IsNotRetried() async throws {
        let time = FakeTime()
        try await withLoopbackServer([
            .init("GET /bad") { _ in .text(400, "bad request") },
        ]) { server in
            let response = try await retrying(time: time).send(.loopback(server, .get, "/bad"))
            #expect(response.head.status == .badRequest)
            #expect(try await response.text() == "bad request")
            #expect(server.requests.count == 1)
            #expect(time.sleeps.isEmpty)
        }
    }

    @Test func aHintBeyondTheTotalTimeReturnsTheResponseAtOnce() async throws {
        let time = FakeTime()
        try await withLoopbackServer([
            .init("GET /later") { _ in .text(503, "come back tomorrow", headers: ["retry-after": "86400"]) },
        ]) { server in
            let response = try await retrying(time: time).send(.loopback(server, .get, "/later"))
            #expect(response.head.status == .serviceUnavailable)
            #expect(try await response.text() == "come back tomorrow")
            #expect(server.requests.count == 1)
            #expect(time.sleeps.isEmpty)
        }
    }

    @Test func transientTransportErrorsAreRetried() async throws {
        let time = FakeTime()
        let fake = FakeHTTPTransport(script: [
            .failure(.connectionFailed("reset by peer")),
            .failure(.timedOut(.seconds(1))),
            .success(.status(200, body: "finally")),
        ])
        let transport = RetryingHTTPTransport(base: fake, retrier: time.retrier())
        let response = try await transport.send(HTTPTransportRequest(head: HTTPRequest(method: .get, scheme: "https", authority: "api.example.com", path: "/")))
        #expect(response.head.status == .ok)
        #expect(try await response.text() == "finally")
        #expect(fake.requestCount == 3)
        #expect(time.sleeps == [.milliseconds(500), .seconds(1)])
    }

    @Test(arguments: [HTTPTransportError.invalidRequest("bad URL"), .cancelled, .bodyTooLarge(limit: 1)])
    func permanentTransportErrorsAreNotRetried(_ error: HTTPTransportError) async throws {
        let time = FakeTime()
        let fake = FakeHTTPTransport(script: [.failure(error), .success(.status(200))])
        let transport = RetryingHTTPTransport(base: fake, retrier: time.retrier())
        await #expect(throws: error) {
            try await transport.send(HTTPTransportRequest(head: HTTPRequest(method: .get, scheme: "https", authority: "api.example.com", path: "/")))
        }
        #expect(fake.requestCount == 1)
        #expect(time.sleeps.isEmpty)
    }

    @Test func aRetryAfterHTTPDateIsMeasuredFromTheInjectedNow() async throws {
        let time = FakeTime()
        let fake = FakeHTTPTransport(replies: [
            .status(503, headers: ["Retry-After": "Sun, 06 Nov 1994 08:49:42 GMT"]),
            .status(200),
        ])
        let transport = RetryingHTTPTransport(
            base: fake,
            retrier: time.retrier(),
            now: { Date(timeIntervalSince1970: 784_111_777) }
        )
        let response = try await transport.send(HTTPTransportRequest(head: HTTPRequest(method: .get, scheme: "https", authority: "api.example.com", path: "/")))
        #expect(response.head.status == .ok)
        #expect(time.sleeps == [.seconds(5)])
    }

    @Test func cancellationDuringTheWaitThrowsCancelled() async throws {
        let firstRequest = TestSignal()
        let fake = FakeHTTPTransport { _ throws(HTTPTransportError) in
            firstRequest.fire()
            return .status(503)
        }
        let transport = RetryingHTTPTransport(
            base: fake,
            retrier: Retrier(sleep: { _ in try await Task.sleep(for: .seconds(3_600)) })
        )
        let task = Task { () throws(HTTPTransportError) -> HTTPTransportResponse in
            try await transport.send(HTTPTransportRequest(head: HTTPRequest(method: .get, scheme: "https", authority: "api.example.com", path: "/")))
        }
        #expect(await firstRequest.wait(timeout: TestPatience.safetyNet))
        task.cancel()
        let result = await task.result
        #expect(throws: HTTPTransportError.cancelled) { try result.get() }
        #expect(fake.requestCount == 1)
    }
}
