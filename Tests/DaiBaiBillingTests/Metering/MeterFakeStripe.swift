import DaiBaiTestSupport
import Foundation
import Synchronization

/// A Stripe-compatible meter-event endpoint on a loopback server, for the reporter and crash
/// tests: it form-decodes `POST /v1/billing/meter_events`, checks the Bearer key, refuses
/// timestamps older than 35 days (param `timestamp`), dedupes `identifier` as Stripe does
/// (a resend is refused with "An event already exists with identifier …") and counts every
/// POST per identifier, duplicates included. A `fault` hook can make it fail on purpose.
///
/// Shapes: Stripe API reference, "Create a billing meter event" (request form and response
/// object) and "Errors" (the Error object).
final class MeterFakeStripe: Sendable {
    /// What the fake does with one request, decided before it looks at the identifier.
    enum Fault: Sendable {
        /// Answer 500 `api_error` without recording anything.
        case serverError
        /// Answer 429 with `Retry-After: 0` without recording anything.
        case rateLimited
        /// Record the event, then wait this long before answering 200.
        case slow(Duration)
        /// Answer this status and Stripe error (type, code, message, param) without recording.
        case refuse(status: Int, type: String, code: String?, message: String, param: String?)
    }

    /// One accepted meter event.
    struct Accepted: Sendable, Equatable {
        var eventName: String
        var customer: String
        var value: String
        var timestamp: String
    }

    private struct State {
        var accepted: [String: Accepted] = [:]
        var acceptedOrder: [String] = []
        var posts: [String: Int] = [:]
        var requestCount = 0
        var duplicateRefusals = 0
    }

    private let state = Mutex(State())
    private let key: String
    private let now: @Sendable () -> Date
    private let fault: @Sendable (_ identifier: String, _ requestNumber: Int) -> Fault?

    init(key: String = stripeTestKey, now: @escaping @Sendable () -> Date = { Date() }, fault: @escaping @Sendable (String, Int) -> Fault? = { _, _ in nil }) {
        self.key = key
        self.now = now
        self.fault = fault
    }

    /// Accepted events by identifier.
    var accepted: [String: Accepted] { state.withLock { $0.accepted } }
    /// Identifiers in the order they were accepted.
    var acceptedOrder: [String] { state.withLock { $0.acceptedOrder } }
    /// Every POST per identifier, duplicates and failures included.
    var posts: [String: Int] { state.withLock { $0.posts } }
    /// POSTs refused because their identifier had already been accepted.
    var duplicateRefusals: Int { state.withLock { $0.duplicateRefusals } }
    /// POSTs received in total.
    var requestCount: Int { state.withLock { $0.requestCount } }

    /// The route to install on a ``LoopbackHTTPServer``.
    var route: LoopbackHTTPServer.Route {
        .init("POST /v1/billing/meter_events") { [self] request in try await handle(request) }
    }

    private func handle(_ request: LoopbackHTTPServer.Request) async throws -> LoopbackHTTPServer.Response {
        let form = stripeTestDecodeForm(request.bodyText)
        let identifier = stripeTestFormValue(form, "identifier") ?? ""
        let number = state.withLock { state in
            state.requestCount += 1
            state.posts[identifier, default: 0] += 1
            return state.requestCount
        }
        guard request.header("Authorization") == "Bearer \(key)" else {
            return StripeTestFixtures.json(401, StripeTestFixtures.error(type: "invalid_request_error", message: "Invalid API Key provided: sk_test_****0000"))
        }
        guard let eventName = stripeTestFormValue(form, "event_name"),
              let customer = stripeTestFormValue(form, "payload[stripe_customer_id]"),
              let value = stripeTestFormValue(form, "payload[value]"),
              let timestampText = stripeTestFormValue(form, "timestamp"), let timestamp = Int(timestampText),
              !identifier.isEmpty
        else {
            return StripeTestFixtures.json(400, StripeTestFixtures.error(type: "invalid_request_error", code: "parameter_missing", message: "Missing required param."))
        }
        let decided = fault(identifier, number)
        switch decided {
        case .serverError:
            return StripeTestFixtures.json(500, StripeTestFixtures.error(type: "api_error", message: "An unknown error occurred"))
        case .rateLimited:
            return StripeTestFixtures.json(429, StripeTestFixtures.error(type: "invalid_request_error", code: "rate_limit", message: "Too many requests"), headers: ["Retry-After": "0"])
        case .refuse(let status, let type, let code, let message, let param):
            return StripeTestFixtures.json(status, StripeTestFixtures.error(type: type, code: code, message: message, param: param))
        case .slow, nil:
            break
        }
        if Double(timestamp) < now().timeIntervalSince1970 - 35 * 86_400 {
            return StripeTestFixtures.json(400, StripeTestFixtures.error(
                type: "invalid_request_error", code: "parameter_invalid_integer",
                message: "Timestamp must be within the past 35 days.", param: "timestamp"))
        }
        let event = Accepted(eventName: eventName, customer: customer, value: value, timestamp: timestampText)
        let isNew = state.withLock { state in
            guard state.accepted[identifier] == nil else {
                state.duplicateRefusals += 1
                return false
            }
            state.accepted[identifier] = event
            state.acceptedOrder.append(identifier)
            return true
        }
        guard isNew else { return StripeTestFixtures.duplicateIdentifier(identifier) }
        if case .slow(let delay) = decided {
            try await Task.sleep(for: delay)
        }
        return StripeTestFixtures.json(200, StripeTestFixtures.meterEvent(echoing: form))
    }
}
