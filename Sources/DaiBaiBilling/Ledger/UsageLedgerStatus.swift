import Foundation

/// Where one event of a ``UsageLedger`` stands.
public enum UsageLedgerStatus: Sendable, Hashable {
    /// Recorded, not yet accepted by the billing provider.
    case pending
    /// Accepted by the billing provider at the given time.
    case reported(at: Date)
    /// Never to be sent (too old, or refused by the provider); kept for audit with the reason.
    case rejected(reason: String, at: Date)
}
