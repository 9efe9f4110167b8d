import DaiBaiCore
import Foundation

/// A position in the ledger's order of pending events (timestamp, then id), for paging
/// through ``UsageLedger/unreported(limit:after:)``.
public struct UsageLedgerCursor: Sendable, Hashable {
    /// The timestamp of the last event seen.
    public var timestamp: Date
    /// The id of the last event seen.
    public var id: UUID

    /// A cursor just after `event`.
    public init(after event: UsageEvent) {
        self.timestamp = event.timestamp
        self.id = event.id
    }
}
