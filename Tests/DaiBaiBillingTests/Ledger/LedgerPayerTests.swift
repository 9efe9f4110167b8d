@testable import DaiBaiBilling
import DaiBaiCore
import Foundation
import GRDB
import Testing

@Suite("Ledger: whose key paid for an event (payer)")
struct LedgerPayerTests {
    @Test("Every payer round-trips, also after the file is closed and opened again")
    func payerRoundTrips() async throws {
        let directory = try BillingTestDirectory()
        defer { directory.remove() }
        let path = directory.file("usage.sqlite")
        let events = [
            LedgerTestEvents.event(kind: .inputTokens, minutes: 0, payer: .platform),
            LedgerTestEvents.event(kind: .outputTokens, minutes: 1, payer: .tenant),
            LedgerTestEvents.event(kind: .inputTokens, minutes: 2, payer: .byok),
            LedgerTestEvents.event(kind: .taskCompleted, quantity: 1, minutes: 3, payer: .byok),
        ]
        #expect(Set(events.map(\.payer)) == Set(UsagePayer.allCases))

        let ledger = try SQLiteUsageLedger(path: path)
        try await ledger.record(events)
        #expect(try await ledger.unreported(limit: 10).map(\.payer) == [.platform, .tenant, .byok, .byok])
        try ledger.close()

        let reopened = try SQLiteUsageLedger(path: path)
        #expect(try await reopened.unreported(limit: 10) == events)
    }

    @Test("Rows written by the previous schema (usage_ledger.v1) read back as paid by the platform")
    func previousSchemaReadsAsPlatform() async throws {
        let directory = try BillingTestDirectory()
        defer { directory.remove() }
        let path = directory.file("usage.sqlite")
        let pendingID = UUID()
        let reportedID = UUID()
        let at = LedgerTestEvents.november.addingTimeInterval(3_600)

        // The file as a release before payers left it: only the first migration, rows without `payer`.
        let old = try SQLiteDatabase(path: path)
        try old.migrate(LedgerSQLiteSchema.migrator(upTo: LedgerSQLiteSchema.v1), operation: "create the v1 ledger", mapError: { $0 })
        let occurred = BillingSQLiteTime.milliseconds(LedgerTestEvents.november)
        let settled = BillingSQLiteTime.milliseconds(at)
        let pendingKey = pendingID.uuidString.lowercased()
        let reportedKey = reportedID.uuidString.lowercased()
        try await old.write("insert v1 rows", mapError: { $0 }) { db in
            try db.execute(sql: """
                INSERT INTO usage_ledger
                    (id, tenant_id, user_id, kind, provider, model, quantity, estimated_cost_usd, occurred_at, recorded_at, status)
                VALUES ('\(pendingKey)', 'acme', 'local', 'input_tokens', 'openai', 'gpt-4o-mini', 1200, '0.0042', \(occurred), \(occurred), 'pending');
                INSERT INTO usage_ledger
                    (id, tenant_id, user_id, kind, provider, model, quantity, occurred_at, recorded_at, status, settled_at)
                VALUES ('\(reportedKey)', 'acme', 'local', 'output_tokens', NULL, NULL, 30, \(occurred + 1), \(occurred), 'reported', \(settled));
                """)
        }
        let columnsBefore = try await old.read("read v1 columns", mapError: { $0 }) { db in
            try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('usage_ledger')")
        }
        #expect(!columnsBefore.contains("payer"), "the old shape has no payer column")
        try old.close()

        let ledger = try SQLiteUsageLedger(path: path)
        let pending = try await ledger.unreported(limit: 10)
        #expect(pending.map(\.id) == [pendingID])
        #expect(pending.first?.payer == .platform)
        #expect(pending.first?.quantity == 1200)
        #expect(pending.first?.estimatedCostUSD == Decimal(string: "0.0042"))
        #expect(try await ledger.status(of: reportedID) == .reported(at: at), "the status of old rows is kept")
        let acme = try #require(LedgerTestEvents.acme)
        let total = try await ledger.totals(tenant: acme, period: DateInterval(start: LedgerTestEvents.november, duration: 60), kind: .outputTokens)
        #expect(total.quantity == 30)
        #expect(total.platformChargedQuantity == 30, "old token rows were paid by the platform")

        // The migrated table takes new payers and the new status.
        let byok = LedgerTestEvents.event(minutes: 5, payer: .byok)
        try await ledger.record([byok])
        try await ledger.markNotCharged([byok.id], at: at)
        #expect(try await ledger.status(of: byok.id) == .notCharged(at: at))
        #expect(try await ledger.pendingCount() == 1)
        try ledger.close()

        let reopened = try SQLiteUsageLedger(path: path)
        #expect(try await reopened.unreported(limit: 10).map(\.id) == [pendingID], "migrating again changes nothing")
    }

    @Test("An unknown stored payer is a typed corrupt-record error, for events and for totals")
    func unknownPayerIsCorrupt() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        let event = LedgerTestEvents.event(payer: .byok)
        try await ledger.record([event])
        try await ledger.database.write("store a payer from the future", mapError: { $0 }) { db in
            try db.execute(sql: "UPDATE usage_ledger SET payer = 'martian'")
        }

        let error = await #expect(throws: BillingStoreError.self) { try await ledger.unreported(limit: 10) }
        guard case .corruptRecord(let detail)? = error else {
            Issue.record("expected a corrupt record, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("unknown payer 'martian'"))
        #expect(detail.contains(event.id.uuidString.lowercased()))

        let totalsError = await #expect(throws: BillingStoreError.self) {
            try await ledger.totals(tenant: event.tenant, period: DateInterval(start: LedgerTestEvents.november, duration: 60), kind: .inputTokens)
        }
        guard case .corruptRecord(let totalsDetail)? = totalsError else {
            Issue.record("expected a corrupt record, got \(String(describing: totalsError))")
            return
        }
        #expect(totalsDetail.contains("unknown payer 'martian'"))
    }

    @Test("A not-charged event leaves the outbox for good: not reported, rejected or requeued later")
    func notChargedIsFinal() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        let byok = LedgerTestEvents.event(minutes: 0, payer: .byok)
        let reported = LedgerTestEvents.event(minutes: 1)
        let waiting = LedgerTestEvents.event(minutes: 2, payer: .tenant)
        try await ledger.record([byok, reported, waiting])
        let at = LedgerTestEvents.november.addingTimeInterval(3_600)
        try await ledger.markReported([reported.id], at: at)

        try await ledger.markNotCharged([byok.id, reported.id, UUID()], at: at)
        try await ledger.markReported([byok.id], at: at.addingTimeInterval(60))
        try await ledger.markRejected(byok.id, reason: "no", at: at.addingTimeInterval(60))
        #expect(try await ledger.requeue([byok.id]) == 0)

        #expect(try await ledger.status(of: byok.id) == .notCharged(at: at))
        #expect(try await ledger.status(of: reported.id) == .reported(at: at), "a reported event is never touched")
        #expect(try await ledger.status(of: waiting.id) == .pending)
        #expect(try await ledger.unreported(limit: 10).map(\.id) == [waiting.id])
        #expect(try await ledger.pendingCount() == 1)
    }

    @Test("Totals count every token; the platform-charged part leaves out tokens paid with other keys")
    func totalsSplitByPayer() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        let acme = try #require(LedgerTestEvents.acme)
        try await ledger.record([
            LedgerTestEvents.event(kind: .inputTokens, quantity: 100, cost: Decimal(string: "0.10"), minutes: 0, payer: .platform),
            LedgerTestEvents.event(kind: .inputTokens, quantity: 200, cost: Decimal(string: "0.20"), minutes: 1, payer: .byok),
            LedgerTestEvents.event(kind: .inputTokens, quantity: 400, minutes: 2, payer: .tenant),
            LedgerTestEvents.event(kind: .inputTokens, quantity: 800, cost: Decimal(string: "0.80"), minutes: 3, payer: .platform),
            LedgerTestEvents.event(kind: .taskCompleted, quantity: 1, minutes: 4, payer: .byok),
            LedgerTestEvents.event(kind: .taskCompleted, quantity: 1, minutes: 5, payer: .platform),
        ])
        let hour = DateInterval(start: LedgerTestEvents.november, duration: 3600)

        let tokens = try await ledger.totals(tenant: acme, period: hour, kind: .inputTokens)
        #expect(tokens.quantity == 1_500)
        #expect(tokens.eventCount == 4)
        #expect(tokens.estimatedCostUSD == Decimal(string: "1.10"))
        #expect(tokens.platformChargedQuantity == 900)
        #expect(tokens.platformChargedEventCount == 2)
        #expect(tokens.platformChargedCostUSD == Decimal(string: "0.90"))

        let tasks = try await ledger.totals(tenant: acme, period: hour, kind: .taskCompleted)
        #expect(tasks.quantity == 2)
        #expect(tasks.platformChargedQuantity == 2, "answered questions are charged whoever paid for the tokens")
        #expect(tasks.platformChargedEventCount == 2)
    }
}
