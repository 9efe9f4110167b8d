import DaiBaiCore
import Foundation
import GRDB
import Logging

/// Verifies, parses and applies Stripe webhook deliveries, each event exactly once.
///
/// Each event's effect and the record that its id was processed commit in one SQLite
/// transaction, so a redelivered event is a ``StripeWebhookOutcome/duplicate(eventID:)``.
/// Deliveries may arrive out of order: a subscription event older (by Stripe's `created`) than
/// the stored state is ignored, and a deleted subscription stays canceled.
///
/// Effects:
/// - `checkout.session.completed`: links the tenant (`client_reference_id`, or
///   `metadata.tenant_id`) to its customer and subscription.
/// - `customer.subscription.created` / `.updated` / `.deleted`: stores status, plan (first
///   item's price) and current period.
/// - `invoice.paid` / `invoice.payment_succeeded`: grants the plan's credits once per invoice,
///   and returns a `past_due` or `unpaid` subscription to `active`.
/// - `invoice.payment_failed`: marks an `active` or `trialing` subscription `past_due`.
/// - Any other type is acknowledged and ignored.
public struct StripeWebhookHandler: Sendable {
    /// Checks signatures.
    public let verifier: StripeWebhookVerifier
    /// The billing database.
    public let state: SQLiteBillingState
    /// The plans whose invoices grant credits.
    public let plans: CreditPlanCatalog
    private let parser = StripeWebhookEventParser()
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// Creates a handler.
    public init(
        verifier: StripeWebhookVerifier, state: SQLiteBillingState, plans: CreditPlanCatalog,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "daibai.billing.webhooks", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.verifier = verifier
        self.state = state
        self.plans = plans
        self.now = now
        self.logger = logger
    }

    /// Handles one delivery: `payload` is the raw request body, `signatureHeader` the
    /// `Stripe-Signature` header. Answer 200 to any outcome; on error, answer
    /// ``StripeWebhookError/suggestedHTTPStatus``.
    public func handle(payload: Data, signatureHeader: String?) async throws(StripeWebhookError) -> StripeWebhookOutcome {
        do {
            try verifier.verify(payload: payload, signatureHeader: signatureHeader)
        } catch {
            logger.warning("rejected a webhook delivery", metadata: ["reason": "\(error)"])
            throw .verification(error)
        }
        let event = try parser.parse(payload)
        return try await apply(event)
    }

    /// Applies an already verified `event` exactly once.
    public func apply(_ event: StripeWebhookEvent) async throws(StripeWebhookError) -> StripeWebhookOutcome {
        if case .unhandled = event.payload {
            return .ignored(eventID: event.id, type: event.type, reason: "the event type is not handled")
        }
        let plans = self.plans
        let processedAt = BillingSQLiteTime.milliseconds(now())
        let outcome = try await state.write("apply Stripe event \(event.id)", mapError: StripeWebhookError.storage) { db throws -> StripeWebhookOutcome in
            let seen = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM webhooks_processed_events WHERE event_id = ?)", arguments: [event.id]) ?? false
            guard !seen else { return .duplicate(eventID: event.id) }
            let outcome = try WebhookEffects(event: event, plans: plans, db: db).apply()
            try db.execute(
                sql: "INSERT INTO webhooks_processed_events (event_id, type, processed_at) VALUES (?, ?, ?)",
                arguments: [event.id, event.type, processedAt])
            return outcome
        }
        logger.info("Stripe event handled", metadata: ["event": "\(event.id)", "type": "\(event.type)", "outcome": "\(outcome)"])
        return outcome
    }
}
