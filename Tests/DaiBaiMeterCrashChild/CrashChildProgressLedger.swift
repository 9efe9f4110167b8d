import DaiBaiBilling
import DaiBaiCore
import Foundation

/// Forwards to the real ledger and prints `marked <id>` once an event is durably marked
/// reported, so the test can kill the child between any two events.
struct CrashChildProgressLedger: UsageLedger {
    let base: any UsageLedger

    func record(_ events: [UsageEvent]) async throws(BillingStoreError) { try await base.record(events) }

    func unreported(limit: Int, after cursor: UsageLedgerCursor?) async throws(BillingStoreError) -> [UsageEvent] {
        try await base.unreported(limit: limit, after: cursor)
    }

    func markReported(_ ids: [UUID], at date: Date) async throws(BillingStoreError) {
        try await base.markReported(ids, at: date)
        for id in ids { say("marked \(id.uuidString.lowercased())") }
    }

    func markRejected(_ id: UUID, reason: String, at date: Date) async throws(BillingStoreError) {
        try await base.markRejected(id, reason: reason, at: date)
        say("rejected \(id.uuidString.lowercased())")
    }

    func markNotCharged(_ ids: [UUID], at date: Date) async throws(BillingStoreError) {
        try await base.markNotCharged(ids, at: date)
        for id in ids { say("not charged \(id.uuidString.lowercased())") }
    }

    func requeue(_ ids: [UUID]) async throws(BillingStoreError) -> Int { try await base.requeue(ids) }

    func status(of id: UUID) async throws(BillingStoreError) -> UsageLedgerStatus? { try await base.status(of: id) }

    func pendingCount() async throws(BillingStoreError) -> Int { try await base.pendingCount() }

    func totals(tenant: TenantID, period: DateInterval, kind: UsageKind) async throws(BillingStoreError) -> UsageTotal {
        try await base.totals(tenant: tenant, period: period, kind: kind)
    }
}
