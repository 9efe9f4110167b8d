import DaiBaiCore
import Logging

/// A ``UsageSink`` that debits each tenant's credits for the events it records, then forwards
/// them to the sink it wraps.
///
/// Token events paid with the tenant's or the user's own key cost nothing (see ``CreditPricing``)
/// and are forwarded like every other event.
///
/// Debits are idempotent by event id, so a retried batch is not charged twice. If the debit
/// fails, nothing is forwarded and the error is thrown; if the wrapped sink fails, the debit
/// stands and the error is thrown (retrying the batch forwards it without charging again).
public struct CreditsUsageSink: UsageSink {
    /// The sink events are forwarded to.
    public let wrapped: any UsageSink
    /// Where balances are kept.
    public let credits: SQLiteCreditsStore
    /// What events cost.
    public let pricing: CreditPricing
    private let logger: Logger

    /// Creates the sink.
    public init(
        wrapping wrapped: any UsageSink, credits: SQLiteCreditsStore, pricing: CreditPricing = CreditPricing(),
        logger: Logger = Logger(label: "daibai.billing.credits", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.wrapped = wrapped
        self.credits = credits
        self.pricing = pricing
        self.logger = logger
    }

    /// Debits `events`, then forwards them.
    public func record(_ events: [UsageEvent]) async throws(UsageError) {
        do {
            let debited = try await credits.debit(events, pricing: pricing)
            logger.debug("credits debited", metadata: ["credits": "\(debited)", "events": "\(events.count)"])
        } catch {
            throw .backend("debiting credits failed: \(error)")
        }
        try await wrapped.record(events)
    }
}
