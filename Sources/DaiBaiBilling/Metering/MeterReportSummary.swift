import DaiBaiCore

/// What one drain of ``MeterReporter/reportPending()`` did.
public struct MeterReportSummary: Sendable, Hashable, CustomStringConvertible {
    /// Events Stripe accepted now, or had accepted before (``duplicates``), now marked reported.
    public var reported = 0
    /// Of ``reported``, the events Stripe refused as an already used identifier.
    public var duplicates = 0
    /// Events flagged rejected (too old, or refused by Stripe); kept in the ledger.
    public var rejected = 0
    /// Token events not paid by the platform (the tenant's or the user's own key), settled as
    /// ``UsageLedgerStatus/notCharged(at:)`` without being sent.
    public var notCharged = 0
    /// Events left pending because their tenant has no Stripe customer yet.
    public var waitingForCustomer = 0
    /// Events left pending because no meter event name is configured for their kind.
    public var waitingForMeter = 0
    /// Requests that failed for a reason that may pass (Stripe or network trouble); the events stay pending.
    public var failedAttempts = 0
    /// Why the drain stopped before the end of the ledger, if it did.
    public var stoppedBy: StripeError?

    /// Creates an empty summary.
    public init() {}

    /// One line for logs.
    public var description: String {
        var text = "reported \(reported) (\(duplicates) already at Stripe), rejected \(rejected), not charged \(notCharged), waiting for a customer \(waitingForCustomer), waiting for a meter \(waitingForMeter), failed attempts \(failedAttempts)"
        if let stoppedBy { text += "; stopped: \(stoppedBy)" }
        return text
    }
}
