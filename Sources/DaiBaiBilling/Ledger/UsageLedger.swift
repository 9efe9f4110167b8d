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

    /// Settles the pending events `ids` as ``UsageLedgerStatus/notCharged(at:)`` at `date`:
    /// usage the platform does not charge for (tokens paid with the tenant's or the user's own
    /// key), so they are never sent. Unknown ids and events no longer pending are left unchanged.
    ///
    /// The default implementation, for ledgers that cannot store that status, flags each event
    /// rejected with a reason saying so, which keeps it from being sent as well.
    func markNotCharged(_ ids: [UUID], at date: Date) async throws(BillingStoreError)

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
    /// ``UsageTotal/quantity`` counts every event, whoever paid for it;
    /// ``UsageTotal/platformChargedQuantity`` only the usage the platform charges for.
    func totals(tenant: TenantID, period: DateInterval, kind: UsageKind) async throws(BillingStoreError) -> UsageTotal
}

extension UsageLedger {
    /// The first `limit` pending events, oldest first.
    public func unreported(limit: Int) async throws(BillingStoreError) -> [UsageEvent] {
        try await unreported(limit: limit, after: nil)
    }

    /// Flags each pending event of `ids` rejected, with a reason saying the platform does not
    /// charge for it; for ledgers without ``UsageLedgerStatus/notCharged(at:)``.
    public func markNotCharged(_ ids: [UUID], at date: Date) async throws(BillingStoreError) {
        for id in ids {
            try await markRejected(id, reason: "not charged by the platform: tokens paid with the tenant's or the user's own model key", at: date)
        }
    }
}
