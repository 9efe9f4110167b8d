import DaiBaiCore

/// The Agent's ``UsageSink`` backed by a ``UsageLedger``: `record` returns only once the
/// events are committed to the ledger, from where ``MeterReporter`` bills them.
public struct LedgerUsageSink: UsageSink {
    /// The ledger written to.
    public let ledger: any UsageLedger

    /// Creates a sink writing to `ledger`.
    public init(ledger: any UsageLedger) { self.ledger = ledger }

    /// Commits `events` to the ledger (idempotent on event id).
    public func record(_ events: [UsageEvent]) async throws(UsageError) {
        do {
            try await ledger.record(events)
        } catch {
            throw .backend(error.description)
        }
    }
}
