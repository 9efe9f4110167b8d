import DaiBaiBilling
import DaiBaiCore
import Foundation
import Testing

@Suite("Ledger: durable, idempotent outbox of usage events")
struct LedgerDurabilityTests {
    @Test("Recorded events are still there after the file is closed and opened again")
    func survivesReopening() async throws {
        let directory = try BillingTestDirectory()
        defer { directory.remove() }
        let path = directory.file("usage.sqlite")
        let first = LedgerTestEvents.event(quantity: 1200, cost: Decimal(string: "0.0042"), minutes: 0)
        let second = LedgerTestEvents.event(kind: .queryExecuted, quantity: 1, minutes: 1)

        let ledger = try SQLiteUsageLedger(path: path)
        try await ledger.record([first, second])
        try ledger.close()

        let reopened = try SQLiteUsageLedger(path: path)
        let pending = try await reopened.unreported(limit: 10)
        #expect(pending == [first, second])
        #expect(pending.first?.estimatedCostUSD == Decimal(string: "0.0042"))
        #expect(try await reopened.pendingCount() == 2)
    }

    @Test("Recording the same event id twice stores it once; the first recording wins")
    func idempotentOnEventID() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        let id = UUID()
        let original = LedgerTestEvents.event(quantity: 5, id: id)
        var replay = original
        replay.quantity = 500

        try await ledger.record([original])
        try await ledger.record([replay, original])

        #expect(try await ledger.pendingCount() == 1)
        #expect(try await ledger.unreported(limit: 10).map(\.quantity) == [5])
    }

    @Test("Unreported events come oldest first and page with a cursor")
    func oldestFirstWithCursor() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        let late = LedgerTestEvents.event(minutes: 30)
        let early = LedgerTestEvents.event(minutes: 1)
        let middle = LedgerTestEvents.event(minutes: 10)
        try await ledger.record([late, early, middle])

        let firstPage = try await ledger.unreported(limit: 2)
        #expect(firstPage.map(\.id) == [early.id, middle.id])
        let secondPage = try await ledger.unreported(limit: 2, after: UsageLedgerCursor(after: middle))
        #expect(secondPage.map(\.id) == [late.id])
        #expect(try await ledger.unreported(limit: 2, after: UsageLedgerCursor(after: late)).isEmpty)
    }

    @Test("A reported event leaves the outbox and says when it was reported")
    func markReported() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        let reported = LedgerTestEvents.event(minutes: 0)
        let waiting = LedgerTestEvents.event(minutes: 1)
        try await ledger.record([reported, waiting])
        let at = Date(timeIntervalSince1970: 1_793_500_000)

        try await ledger.markReported([reported.id, UUID()], at: at)

        #expect(try await ledger.unreported(limit: 10).map(\.id) == [waiting.id])
        #expect(try await ledger.status(of: reported.id) == .reported(at: at))
        #expect(try await ledger.status(of: waiting.id) == .pending)
        #expect(try await ledger.status(of: UUID()) == nil)
    }

    @Test("A rejected event is kept with its reason, never offered again, and cannot become reported")
    func markRejected() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        let event = LedgerTestEvents.event(quantity: 7)
        try await ledger.record([event])
        let at = Date(timeIntervalSince1970: 1_793_500_000)

        try await ledger.markRejected(event.id, reason: "older than 35 days", at: at)
        try await ledger.markReported([event.id], at: at.addingTimeInterval(60))

        #expect(try await ledger.status(of: event.id) == .rejected(reason: "older than 35 days", at: at))
        #expect(try await ledger.pendingCount() == 0)
        let total = try await ledger.totals(
            tenant: event.tenant, period: DateInterval(start: LedgerTestEvents.november, duration: 3600), kind: .inputTokens)
        #expect(total.quantity == 7)
    }

    @Test("The ledger sink commits the Agent's events to the ledger")
    func sinkWritesToLedger() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        let sink = LedgerUsageSink(ledger: ledger)
        let event = LedgerTestEvents.event()

        try await sink.record([event, event])

        #expect(try await ledger.unreported(limit: 10) == [event])
    }

    @Test("The sink reports a ledger failure as a usage backend error naming the operation")
    func sinkMapsErrors() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        try ledger.close()
        let sink = LedgerUsageSink(ledger: ledger)

        let error = await #expect(throws: UsageError.self) { try await sink.record([LedgerTestEvents.event()]) }
        guard case .backend(let message) = error else {
            Issue.record("expected a backend error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("record usage events"))
    }
}
