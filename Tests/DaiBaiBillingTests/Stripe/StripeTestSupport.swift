import DaiBaiBilling
import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Logging
import Synchronization

/// The API key the Stripe tests use; asserted absent from errors and logs.
let stripeTestKey = "sk_test_51DaiBaiSecretKeyThatMustNeverLeak0000"

/// A secret store holding ``stripeTestKey`` as `STRIPE_API_KEY` of the local tenant.
func stripeTestSecrets(key: String = stripeTestKey) throws -> InMemorySecretStore {
    InMemorySecretStore(secrets: [.local: [try SecretName(validating: "STRIPE_API_KEY"): SecretValue(key)]])
}

/// Records the waits of a retrier instead of sleeping, so retry tests run instantly.
final class StripeTestSleeps: Sendable {
    private let waits = Mutex<[Duration]>([])
    var all: [Duration] { waits.withLock { $0 } }
    func record(_ wait: Duration) { waits.withLock { $0.append(wait) } }
}

/// A client for `server` with a retrier that does not sleep (waits go to `sleeps`) and
/// no jitter.
func stripeTestClient(
    _ server: LoopbackHTTPServer,
    sleeps: StripeTestSleeps = StripeTestSleeps(),
    maxAttempts: Int = 3,
    secrets: (any SecretStore)? = nil,
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
) throws -> StripeClient {
    let policy = RetryPolicy(
        maxAttempts: maxAttempts, initialBackoff: .milliseconds(100), maxBackoff: .seconds(2), jitter: 0,
        maxTotalTime: TestPatience.generous, retryableStatuses: StripeRetryRules.defaultPolicy.retryableStatuses)
    return try StripeClient(
        secrets: try secrets ?? stripeTestSecrets(),
        baseURL: server.baseURL,
        retrier: Retrier(policy: policy, logger: logger, sleep: { sleeps.record($0) }, random: { 0.5 }),
        timeout: TestPatience.generous,
        logger: logger)
}

/// Decodes an `application/x-www-form-urlencoded` body into ordered pairs (server side of
/// the loopback fakes; written independently of the client's encoder).
func stripeTestDecodeForm(_ body: String) -> [(name: String, value: String)] {
    guard !body.isEmpty else { return [] }
    return body.split(separator: "&", omittingEmptySubsequences: false).map { pair in
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        func decode(_ text: Substring) -> String {
            String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
        }
        return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
    }
}

/// The value of `name` in a decoded form.
func stripeTestFormValue(_ form: [(name: String, value: String)], _ name: String) -> String? {
    form.first { $0.name == name }?.value
}

/// Fixtures in Stripe's wire shapes.
enum StripeTestFixtures {
    /// A created meter event. Shape: Stripe API reference, "Create a billing meter event",
    /// response (`{"object":"billing.meter_event","created","event_name","identifier","livemode","payload","timestamp"}`).
    static func meterEvent(eventName: String, identifier: String, customer: String, value: String, timestamp: String, created: Int = 1_704_824_589) -> String {
        """
        {"object":"billing.meter_event","created":\(created),"event_name":"\(eventName)","identifier":"\(identifier)","livemode":false,"payload":{"stripe_customer_id":"\(customer)","value":"\(value)"},"timestamp":\(timestamp)}
        """
    }

    /// The response to a meter event request, echoing the request's form.
    static func meterEvent(echoing form: [(name: String, value: String)]) -> String {
        meterEvent(
            eventName: stripeTestFormValue(form, "event_name") ?? "",
            identifier: stripeTestFormValue(form, "identifier") ?? "",
            customer: stripeTestFormValue(form, "payload[stripe_customer_id]") ?? "",
            value: stripeTestFormValue(form, "payload[value]") ?? "",
            timestamp: stripeTestFormValue(form, "timestamp") ?? "0")
    }

    /// An error body. Shape: Stripe API reference, "Errors" (the Error object:
    /// `{"error":{"type","code","message","param","doc_url"}}`).
    static func error(type: String, code: String? = nil, message: String, param: String? = nil) -> String {
        var fields = ["\"type\":\"\(type)\"", "\"message\":\"\(message)\""]
        if let code { fields.append("\"code\":\"\(code)\"") }
        if let param { fields.append("\"param\":\"\(param)\"") }
        if let code { fields.append("\"doc_url\":\"https://stripe.com/docs/error-codes/\(code)\"") }
        return "{\"error\":{\(fields.joined(separator: ","))}}"
    }

    /// Stripe's refusal of a meter event whose identifier was already used: 400,
    /// `invalid_request_error`, no code, `Stripe-Should-Retry: false` (as observed from the
    /// live API and reported in public integrations, e.g. langfuse/langfuse#16292).
    static func duplicateIdentifier(_ identifier: String) -> LoopbackHTTPServer.Response {
        .text(400, error(type: "invalid_request_error", message: "An event already exists with identifier \(identifier)."),
              headers: ["Content-Type": "application/json", "Stripe-Should-Retry": "false", "Request-Id": "req_duplicate"])
    }

    /// A JSON response with Stripe's usual headers.
    static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> LoopbackHTTPServer.Response {
        .text(status, body, headers: headers.merging(["Content-Type": "application/json", "Request-Id": "req_test"]) { a, _ in a })
    }
}

extension LoopbackHTTPServer.Route {
    /// `POST /v1/billing/meter_events` answered 200 with the meter event its form describes.
    static func stripeAcceptingMeterEvents() -> Self {
        .init("POST /v1/billing/meter_events") { request in
            StripeTestFixtures.json(200, StripeTestFixtures.meterEvent(echoing: stripeTestDecodeForm(request.bodyText)))
        }
    }
}
