import DaiBaiBilling
import DaiBaiCore
import DaiBaiTesting
import Foundation
import Testing

@Suite("Credits balance and usage sink")
struct CreditsBalanceTests {
    let acme: TenantID
    let alice: UserID

    init() throws {
        acme = try TenantID(validating: "acme")
        alice = try UserID(validating: "alice")
    }

    @Test("a top-up is granted once per id")
    func grantIsIdempotent() async throws {
        let credits = SQLiteCreditsStore(state: try .inMemory())
        #expect(try await credits.grant(tenant: acme, amount: 50, reason: "top-up", id: "pi_1") == .granted(balance: 50))
        #expect(try await credits.grant(tenant: acme, amount: 50, reason: "top-up", id: "pi_1") == .alreadyGranted)
        #expect(try await credits.grant(tenant: acme, amount: 25, reason: "top-up", id: "pi_2") == .granted(balance: 75))
        #expect(try await credits.balance(for: acme) == 75)
        let entries = try await credits.entries(for: acme)
        #expect(entries.map(\.id) == ["top_up:pi_1", "top_up:pi_2"])
        #expect(entries.map(\.amount) == [50, 25])
        #expect(entries.allSatisfy { $0.kind == .topUp && $0.reason == "top-up" })
    }

    @Test("grants must add credits and carry an id")
    func invalidGrants() async throws {
        let credits = SQLiteCreditsStore(state: try .inMemory())
        await #expect(throws: CreditsError.invalidAmount(0)) { try await credits.grant(tenant: acme, amount: 0, reason: "x", id: "a") }
        await #expect(throws: CreditsError.invalidAmount(-5)) { try await credits.grant(tenant: acme, amount: -5, reason: "x", id: "a") }
        await #expect(throws: CreditsError.missingID) { try await credits.grant(tenant: acme, amount: 5, reason: "x", id: "") }
        #expect(try await credits.balance(for: acme) == 0)
    }

    @Test("the usage sink debits each event once and forwards every batch")
    func sinkDebitsAndForwards() async throws {
        let credits = SQLiteCreditsStore(state: try .inMemory())
        try await credits.grant(tenant: acme, amount: 100, reason: "start", id: "seed")
        let downstream = RecordingUsageSink()
        let sink = CreditsUsageSink(wrapping: downstream, credits: credits, pricing: CreditPricing(creditsPerThousandInputTokens: 1, creditsPerThousandOutputTokens: 4, creditsPerTask: 2))
        let batch = [
            UsageEvent(tenant: acme, user: alice, kind: .inputTokens, quantity: 1_500),
            UsageEvent(tenant: acme, user: alice, kind: .outputTokens, quantity: 300),
            UsageEvent(tenant: acme, user: alice, kind: .taskCompleted, quantity: 1),
            UsageEvent(tenant: acme, user: alice, kind: .queryExecuted, quantity: 1),
        ]
        try await sink.record(batch)
        // 1,500 input → 2; 300 output at 4/1,000 → 2; one task → 2; queries are free.
        #expect(try await credits.balance(for: acme) == 94)
        try await sink.record(batch)
        #expect(try await credits.balance(for: acme) == 94, "a retried batch is not charged twice")
        #expect(downstream.recordCallCount == 2)
        #expect(downstream.events == batch)
        let entries = try await credits.entries(for: acme)
        #expect(entries.filter { $0.kind == .usage }.map(\.amount) == [-2, -2, -2])
        #expect(entries.map(\.amount).reduce(0, +) == 94, "the running balance is the sum of the entries")
    }

    @Test("a failing downstream sink keeps the debit and reports the failure")
    func downstreamFailure() async throws {
        let credits = SQLiteCreditsStore(state: try .inMemory())
        let downstream = RecordingUsageSink(failure: .backend("ledger offline"))
        let sink = CreditsUsageSink(wrapping: downstream, credits: credits, pricing: CreditPricing(creditsPerTask: 5))
        let event = UsageEvent(tenant: acme, user: alice, kind: .taskCompleted, quantity: 1)
        await #expect(throws: UsageError.backend("ledger offline")) { try await sink.record([event]) }
        #expect(try await credits.balance(for: acme) == -5)
        downstream.setFailure(nil)
        try await sink.record([event])
        #expect(try await credits.balance(for: acme) == -5)
        #expect(downstream.events == [event])
    }

    @Test("when debiting fails nothing is forwarded")
    func debitFailure() async throws {
        let state = try SQLiteBillingState.inMemory()
        try state.close()
        let downstream = RecordingUsageSink()
        let sink = CreditsUsageSink(wrapping: downstream, credits: SQLiteCreditsStore(state: state), pricing: CreditPricing(creditsPerTask: 5))
        let error = await #expect(throws: UsageError.self) {
            try await sink.record([UsageEvent(tenant: acme, user: alice, kind: .taskCompleted, quantity: 1)])
        }
        #expect(error?.description.contains("debiting credits failed") == true)
        #expect(downstream.recordCallCount == 0)
    }
}
