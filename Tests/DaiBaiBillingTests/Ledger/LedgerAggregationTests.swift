import DaiBaiBilling
import DaiBaiCore
import Foundation
import Testing

@Suite("Ledger: usage totals per tenant, period and kind")
struct LedgerAggregationTests {
    @Test("Totals sum quantity, count and cost of one tenant and kind inside the period only")
    func totalsFilterByTenantKindAndPeriod() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        let acme = try #require(LedgerTestEvents.acme)
        try await ledger.record([
            LedgerTestEvents.event(kind: .inputTokens, quantity: 100, cost: Decimal(string: "0.10"), minutes: 0),
            LedgerTestEvents.event(kind: .inputTokens, quantity: 250, cost: Decimal(string: "0.25"), minutes: 59),
            LedgerTestEvents.event(kind: .inputTokens, quantity: 40, minutes: 30),  // no cost: counts as zero
            LedgerTestEvents.event(kind: .inputTokens, quantity: 9_000, minutes: 60),  // at the end: excluded
            LedgerTestEvents.event(kind: .inputTokens, quantity: 8_000, minutes: -1),  // before the start
            LedgerTestEvents.event(kind: .outputTokens, quantity: 7_000, minutes: 5),  // another kind
            LedgerTestEvents.event(LedgerTestEvents.globex, kind: .inputTokens, quantity: 6_000, minutes: 5),  // another tenant
        ])
        let hour = DateInterval(start: LedgerTestEvents.november, duration: 3600)

        let total = try await ledger.totals(tenant: acme, period: hour, kind: .inputTokens)

        #expect(total.quantity == 390)
        #expect(total.eventCount == 3)
        #expect(total.estimatedCostUSD == Decimal(string: "0.35"))
        #expect(total.tenant == acme)
        #expect(total.kind == .inputTokens)
        #expect(total.period == hour)
    }

    @Test("Reported events still count in the totals")
    func reportedEventsCount() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        let event = LedgerTestEvents.event(kind: .taskCompleted, quantity: 1)
        try await ledger.record([event, LedgerTestEvents.event(kind: .taskCompleted, quantity: 1, minutes: 2)])
        try await ledger.markReported([event.id], at: Date())

        let total = try await ledger.totals(
            tenant: event.tenant, period: DateInterval(start: LedgerTestEvents.november, duration: 600), kind: .taskCompleted)

        #expect(total.quantity == 2)
        #expect(total.eventCount == 2)
    }

    @Test("A period without events totals zero")
    func emptyPeriod() async throws {
        let ledger = try SQLiteUsageLedger.inMemory()
        let acme = try #require(LedgerTestEvents.acme)

        let total = try await ledger.totals(tenant: acme, period: DateInterval(start: LedgerTestEvents.november, duration: 60), kind: .queryExecuted)

        #expect(total.quantity == 0)
        #expect(total.eventCount == 0)
        #expect(total.estimatedCostUSD == 0)
    }
}
