import DaiBaiBilling
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Synchronization
import Testing

/// A scripted sequence of responses: the n-th request gets the n-th (the last one repeats).
final class StripeTestScript: Sendable {
    private let responses: [LoopbackHTTPServer.Response]
    private let next = Mutex(0)

    init(_ responses: [LoopbackHTTPServer.Response]) { self.responses = responses }

    func respond() -> LoopbackHTTPServer.Response {
        let index = next.withLock { value in
            defer { value += 1 }
            return value
        }
        return responses[min(index, responses.count - 1)]
    }
}

@Suite("Stripe: retries (409, 429, 5xx, Stripe-Should-Retry, Retry-After)")
struct StripeRetryTests {
    static let ok = StripeTestFixtures.json(200, StripeTestFixtures.meterEvent(eventName: "e", identifier: "x", customer: "cus_1", value: "1", timestamp: "1700000000"))
    static let apiError = StripeTestFixtures.error(type: "api_error", message: "An unknown error occurred")

    /// Sends one meter event through a client whose retrier records its waits.
    static func send(_ script: StripeTestScript, sleeps: StripeTestSleeps = StripeTestSleeps()) async throws -> (Result<StripeMeterEvent, StripeError>, [LoopbackHTTPServer.Request]) {
        try await withLoopbackServer([.init("POST /v1/billing/meter_events") { _ in script.respond() }]) { server in
            let client = try stripeTestClient(server, sleeps: sleeps)
            let result: Result<StripeMeterEvent, StripeError>
            do throws(StripeError) {
                result = .success(try await client.createMeterEvent(eventName: "e", customerID: "cus_1", value: 1, identifier: "x", timestamp: Date(timeIntervalSince1970: 1_700_000_000)))
            } catch {
                result = .failure(error)
            }
            return (result, server.requests)
        }
    }

    @Test("429 is retried after the Retry-After delay, with the same Idempotency-Key")
    func retriesRateLimitWithRetryAfter() async throws {
        let sleeps = StripeTestSleeps()
        let script = StripeTestScript([
            StripeTestFixtures.json(429, StripeTestFixtures.error(type: "invalid_request_error", code: "rate_limit", message: "Too many requests"), headers: ["Retry-After": "2"]),
            Self.ok,
        ])

        let (result, requests) = try await Self.send(script, sleeps: sleeps)

        #expect(throws: Never.self) { try result.get() }
        #expect(requests.count == 2)
        #expect(Set(requests.compactMap { $0.header("Idempotency-Key") }).count == 1)
        #expect(requests[0].bodyText == requests[1].bodyText)
        #expect(sleeps.all == [.seconds(2)])
    }

    @Test("500 and 409 are retried with the policy's backoff")
    func retriesServerErrorsAndConflicts() async throws {
        let sleeps = StripeTestSleeps()
        let script = StripeTestScript([
            StripeTestFixtures.json(500, Self.apiError),
            StripeTestFixtures.json(409, StripeTestFixtures.error(type: "invalid_request_error", code: "lock_timeout", message: "This object cannot be accessed right now")),
            Self.ok,
        ])

        let (result, requests) = try await Self.send(script, sleeps: sleeps)

        #expect(throws: Never.self) { try result.get() }
        #expect(requests.count == 3)
        #expect(sleeps.all == [.milliseconds(100), .milliseconds(200)])
    }

    @Test("Stripe-Should-Retry: true makes a 400 worth retrying")
    func shouldRetryTrue() async throws {
        let script = StripeTestScript([
            StripeTestFixtures.json(400, StripeTestFixtures.error(type: "invalid_request_error", message: "Try again"), headers: ["Stripe-Should-Retry": "true"]),
            Self.ok,
        ])

        let (result, requests) = try await Self.send(script)

        #expect(throws: Never.self) { try result.get() }
        #expect(requests.count == 2)
    }

    @Test("Stripe-Should-Retry: false wins over a 500: one request, an API error")
    func shouldRetryFalseWins() async throws {
        let script = StripeTestScript([
            StripeTestFixtures.json(500, Self.apiError, headers: ["Stripe-Should-Retry": "false"]),
            Self.ok,
        ])

        let (result, requests) = try await Self.send(script)

        #expect(requests.count == 1)
        guard case .failure(.api(let details)) = result else {
            Issue.record("expected an API error, got \(result)")
            return
        }
        #expect(details.status == 500)
        #expect(details.shouldRetry == false)
    }

    @Test("A 400 without the header is not retried")
    func invalidRequestNotRetried() async throws {
        let script = StripeTestScript([
            StripeTestFixtures.json(400, StripeTestFixtures.error(type: "invalid_request_error", code: "parameter_missing", message: "Missing required param: event_name.", param: "event_name")),
            Self.ok,
        ])

        let (result, requests) = try await Self.send(script)

        #expect(requests.count == 1)
        guard case .failure(.invalidRequest) = result else {
            Issue.record("expected an invalid-request error, got \(result)")
            return
        }
    }

    @Test("When the attempts run out the last status decides the error (429 → rate limited)")
    func exhaustedRetries() async throws {
        let script = StripeTestScript([
            StripeTestFixtures.json(429, StripeTestFixtures.error(type: "invalid_request_error", code: "rate_limit", message: "Too many requests")),
        ])

        let (result, requests) = try await Self.send(script)

        #expect(requests.count == 3)
        guard case .failure(let error) = result, case .rateLimited(let details) = error else {
            Issue.record("expected a rate-limit error, got \(result)")
            return
        }
        #expect(details.code == "rate_limit")
        #expect(error.isTransient)
    }
}
