import DaiBaiBilling
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Logging
import Testing

@Suite("Stripe: typed errors, and the API key never leaks")
struct StripeErrorTests {
    /// Sends one meter event to a server answering `response`; returns the error.
    static func error(for response: LoopbackHTTPServer.Response, logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })) async throws -> StripeError? {
        try await withLoopbackServer([.init("POST /v1/billing/meter_events") { _ in response }]) { server -> StripeError? in
            let client = try stripeTestClient(server, maxAttempts: 1, logger: logger)
            do throws(StripeError) {
                _ = try await client.createMeterEvent(eventName: "e", customerID: "cus_1", value: 1, identifier: "x", timestamp: Date())
                return nil
            } catch {
                return error
            }
        }
    }

    @Test("A 400 invalid_request_error carries type, code, message, param, doc URL and request id")
    func invalidRequestDetails() async throws {
        let error = try await Self.error(for: StripeTestFixtures.json(400, StripeTestFixtures.error(
            type: "invalid_request_error", code: "parameter_invalid_integer", message: "Invalid integer: abc", param: "timestamp")))

        #expect(error == .invalidRequest(StripeErrorDetails(
            status: 400, type: "invalid_request_error", code: "parameter_invalid_integer", message: "Invalid integer: abc",
            param: "timestamp", docURL: "https://stripe.com/docs/error-codes/parameter_invalid_integer", requestID: "req_test")))
        #expect(error?.isMeterEventTimestampRejected == true)
        #expect(error?.isTransient == false)
    }

    @Test("Statuses and types map to the documented cases", arguments: [
        (401, "invalid_request_error", "authentication"),
        (403, "invalid_request_error", "permission"),
        (404, "invalid_request_error", "invalidRequest"),
        (400, "idempotency_error", "idempotency"),
        (503, "api_error", "api"),
    ])
    func statusMapping(status: Int, type: String, expected: String) async throws {
        let error = try #require(try await Self.error(for: StripeTestFixtures.json(status, StripeTestFixtures.error(type: type, message: "m"))))
        let actual = switch error {
        case .authentication: "authentication"
        case .permission: "permission"
        case .invalidRequest: "invalidRequest"
        case .idempotency: "idempotency"
        case .api: "api"
        default: "other: \(error)"
        }
        #expect(actual == expected)
        #expect(error.details?.status == status)
    }

    @Test("A duplicate identifier is recognised from Stripe's refusal")
    func duplicateIdentifier() async throws {
        let error = try #require(try await Self.error(for: StripeTestFixtures.duplicateIdentifier("x")))
        #expect(error.isDuplicateMeterEvent)
        #expect(error.details?.shouldRetry == false)
        let other = StripeError.invalidRequest(StripeErrorDetails(status: 400, type: "invalid_request_error", message: "No such customer: 'cus_1'"))
        #expect(!other.isDuplicateMeterEvent)
    }

    @Test("No listener is a connection error")
    func connectionRefused() async throws {
        // A port held bound but not listening: refused, and no other test can take it meanwhile.
        let closedPort = try ReservedLoopbackPort(.refusing)
        defer { closedPort.close() }
        let client = try StripeClient(
            secrets: try stripeTestSecrets(), baseURL: closedPort.baseURL,
            retrier: Retrier(policy: .none), timeout: TestPatience.generous)

        let error = await #expect(throws: StripeError.self) {
            try await client.createMeterEvent(eventName: "e", customerID: "cus_1", value: 1, identifier: "x", timestamp: Date())
        }
        guard case .connection = error else {
            Issue.record("expected a connection error, got \(String(describing: error))")
            return
        }
    }

    @Test("The key is absent from errors, their descriptions and the logs, even when the server echoes it")
    func keyNeverLeaks() async throws {
        let logs = LogCapture()
        let logger = logs.logger()
        // Shape: Stripe API reference, Errors; Stripe's real message masks the key, this one echoes it in full.
        let error = try #require(try await Self.error(
            for: StripeTestFixtures.json(401, StripeTestFixtures.error(type: "invalid_request_error", message: "Invalid API Key provided: \(stripeTestKey)")),
            logger: logger))

        guard case .authentication = error else {
            Issue.record("expected an authentication error, got \(error)")
            return
        }
        let texts = [error.description, String(reflecting: error), "\(error.details as Any)"] + logs.lines
        #expect(!logs.lines.isEmpty)
        for text in texts {
            #expect(!text.contains(stripeTestKey))
            #expect(!text.contains("sk_test_"))
        }
        #expect(error.details?.message == "Invalid API Key provided: <redacted>")
        let client = try StripeClient(secrets: try stripeTestSecrets())
        #expect(!String(describing: client).contains(stripeTestKey))
        #expect(!String(reflecting: client).contains(stripeTestKey))
    }
}
