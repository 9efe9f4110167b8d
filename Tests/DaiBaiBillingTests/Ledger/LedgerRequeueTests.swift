import DaiBaiBilling
import DaiBaiCore
import Foundation
import Testing

@Suite("Ledger: requeueing rejected events and the shared SQLite layer")
struct LedgerRequeueTests {
    @Test("A rejected event goes back to pending once its cause is fixed; other states are left alone")
    func requeueRejected() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        let rejected = LedgerTestEvents.event(minutes: 0)
        let reported = LedgerTestEvents.event(minutes: 1)
        let pending = LedgerTestEvents.event(minutes: 2)
        try await ledger.record([rejected, reported, pending])
        let at = Date(timeIntervalSince1970: 1_793_500_000)
        try await ledger.markRejected(rejected.id, reason: "no active meter", at: at)
        try await ledger.markReported([reported.id], at: at)

        let requeued = try await ledger.requeue([rejected.id, reported.id, pending.id, UUID()])

        #expect(requeued == 1)
        #expect(try await ledger.status(of: rejected.id) == .pending)
        #expect(try await ledger.status(of: reported.id) == .reported(at: at))
        #expect(try await ledger.unreported(limit: 10).map(\.id) == [rejected.id, pending.id])
    }

    @Test("A requeued event can be reported, and requeueing it again changes nothing")
    func requeuedThenReported() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        let event = LedgerTestEvents.event()
        try await ledger.record([event])
        let at = Date(timeIntervalSince1970: 1_793_500_000)
        try await ledger.markRejected(event.id, reason: "no active meter", at: at)
        try await ledger.requeue([event.id])

        try await ledger.markReported([event.id], at: at.addingTimeInterval(60))

        #expect(try await ledger.requeue([event.id]) == 0)
        #expect(try await ledger.status(of: event.id) == .reported(at: at.addingTimeInterval(60)))
    }

    @Test("The ledger file is opened with synchronous=FULL, so a commit survives a power loss")
    func fileLedgerIsFullySynchronous() async throws {
        let directory = try BillingTestDirectory()
        defer { directory.remove() }
        let ledger = try SQLiteUsageLedger(path: directory.file("usage.sqlite"))
        defer { try? ledger.close() }

        // PRAGMA synchronous: 2 is FULL.
        #expect(try await ledger.database.synchronousLevel() == 2)
        #expect(try await ledger.database.journalMode() == "wal")
    }

    @Test("The ledger and the billing state can share one Core SQLite database")
    func sharedDatabase() async throws {
        let directory = try BillingTestDirectory()
        defer { directory.remove() }
        let database = try SQLiteDatabase(path: directory.file("billing.sqlite"), synchronous: .full)
        defer { try? database.close() }
        let ledger = try SQLiteUsageLedger(database: database)
        let state = try SQLiteBillingState(database: database)
        let credits = SQLiteCreditsStore(state: state)
        let event = LedgerTestEvents.event(quantity: 2000)
        let acme = try #require(LedgerTestEvents.acme)

        try await ledger.record([event])
        _ = try await credits.grant(tenant: acme, amount: 10, reason: "welcome", id: "pi_1")

        #expect(try await ledger.pendingCount() == 1)
        #expect(try await credits.balance(for: acme) == 10)
    }

    @Test("A closed ledger fails with a storage error naming the operation and saying it was closed")
    func closedLedger() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        try ledger.close()
        try ledger.close()

        let error = await #expect(throws: BillingStoreError.self) { try await ledger.pendingCount() }
        #expect(error == .storage(operation: "count pending usage events", detail: "the database was closed; open it again"))
    }
}
