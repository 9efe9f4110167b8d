import DaiBaiCore
import Foundation

/// The durable outbox of usage events: every event recorded here is billed exactly once.
///
/// ``record(_:)`` returns only after the events are committed and is idempotent on
/// ``UsageEvent/id``. A reporter (``MeterReporter``) reads ``unreported(limit:after:)``, sends
/// the events to the billing provider and then marks them reported or rejected; events are
/// never deleted. ``SQLiteUsageLedger`` is the local implementation; server databases
/// (Cosmos DB, PostgreSQL) can implement the same contract.
public protocol UsageLedger: Sendable {
    /// Stores `events`, returning once they are committed. An event whose id is already
    /// stored is ignored (its first recording wins), so recording twice counts once.
    func record(_ events: [UsageEvent]) async throws(BillingStoreError)

    /// Up to `limit` pending events, oldest first (by timestamp, then id), strictly after
    /// `cursor` when given (pass the cursor of the last event of the previous page).
    func unreported(limit: Int, after cursor: UsageLedgerCursor?) async throws(BillingStoreError) -> [UsageEvent]

    /// Marks the pending events `ids` as accepted by the billing provider at `date`.
    /// Unknown ids and events no longer pending are left unchanged.
    func markReported(_ ids: [UUID], at date: Date) async throws(BillingStoreError)

    /// Flags the pending event `id` as rejected (kept, never sent again), with a `reason`
    /// for operators, for example "older than 35 days".
    func markRejected(_ id: UUID, reason: String, at date: Date) async throws(BillingStoreError)

    /// Returns the rejected events among `ids` to pending, so the reporter sends them again
    /// (for example after creating the meter whose absence rejected them). Pending, reported
    /// and unknown ids are left unchanged, so a reported event is never billed twice.
    /// Requeue only events whose cause was fixed: an event rejected for its age is rejected again.
    /// - Returns: How many events went back to pending.
    @discardableResult
    func requeue(_ ids: [UUID]) async throws(BillingStoreError) -> Int

    /// Where the event `id` stands, or `nil` when it was never recorded.
    func status(of id: UUID) async throws(BillingStoreError) -> UsageLedgerStatus?

    /// The number of events still waiting to be reported.
    func pendingCount() async throws(BillingStoreError) -> Int

    /// The usage of `tenant` of one `kind` whose timestamps fall in `period` (start
    /// included, end excluded), whatever its reporting status.
    func totals(tenant: TenantID, period: DateInterval, kind: UsageKind) async throws(BillingStoreError) -> UsageTotal
}

extension UsageLedger {
    /// The first `limit` pending events, oldest first.
    public func unreported(limit: Int) async throws(BillingStoreError) -> [UsageEvent] {
        try await unreported(limit: limit, after: nil)
    }
}
