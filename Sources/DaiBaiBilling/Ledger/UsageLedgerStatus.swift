import Foundation

/// Where one event of a ``UsageLedger`` stands.
public enum UsageLedgerStatus: Sendable, Hashable {
    /// Recorded, not yet accepted by the billing provider.
    case pending
    /// Accepted by the billing provider at the given time.
    case reported(at: Date)
    /// Never to be sent (too old, or refused by the provider); kept for audit with the reason.
    case rejected(reason: String, at: Date)
    /// Settled at the given time without being sent, because the platform does not charge for
    /// it: tokens paid with the tenant's key or the user's own key (see `UsagePayer`). Kept for
    /// audit and in the totals; never sent, and ``UsageLedger/requeue(_:)`` leaves it alone.
    case notCharged(at: Date)
}
