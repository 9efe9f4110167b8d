import DaiBaiBilling
import DaiBaiCore
import Foundation
import Testing

@Suite("Credits: tokens paid with the tenant's or the user's own key (BYOK)")
struct CreditsPayerTests {
    let acme: RequestContext

    init() throws {
        acme = RequestContext(tenant: try TenantID(validating: "acme"), user: try UserID(validating: "alice"))
    }

    func event(_ kind: UsageKind, _ quantity: Int, payer: UsagePayer) -> UsageEvent {
        UsageEvent(tenant: acme.tenant, user: acme.user, kind: kind, quantity: quantity, payer: payer)
    }

    func code(_ decision: UsageDecision) -> UsageDenial.Code? {
        if case .deny(let denial) = decision { return denial.code }
        return nil
    }

    @Test("a token event not paid by the platform costs 0; the same platform event costs the rate")
    func tokensCostNothingWithOwnKey() {
        let pricing = CreditPricing(creditsPerThousandInputTokens: 2, creditsPerThousandOutputTokens: 8)
        #expect(pricing.credits(for: event(.inputTokens, 5_000, payer: .platform)) == 10)
        #expect(pricing.credits(for: event(.outputTokens, 5_000, payer: .platform)) == 40)
        for payer in [UsagePayer.byok, .tenant] {
            #expect(pricing.credits(for: event(.inputTokens, 5_000, payer: payer)) == 0, "\(payer)")
            #expect(pricing.credits(for: event(.outputTokens, 5_000, payer: payer)) == 0, "\(payer)")
        }
    }

    @Test("tasks and queries cost their rates whoever paid for the tokens")
    func tasksAndQueriesStillCharged() {
        let pricing = CreditPricing(creditsPerTask: 3, creditsPerQuery: 2)
        for payer in UsagePayer.allCases {
            #expect(pricing.credits(for: event(.taskCompleted, 1, payer: payer)) == 3, "\(payer)")
            #expect(pricing.credits(for: event(.queryExecuted, 2, payer: payer)) == 4, "\(payer)")
        }
    }

    @Test("a request not paid by the platform reserves one task and one query, never the token estimate")
    func reservationWithOwnKey() {
        let pricing = CreditPricing(creditsPerThousandInputTokens: 2, creditsPerTask: 3, creditsPerQuery: 1, reservationPerRequest: 10)
        let platform = UsageRequest(context: acme, estimatedInputTokens: 50_000)
        let byok = UsageRequest(context: acme, estimatedInputTokens: 50_000, payer: .byok)
        let tenantKey = UsageRequest(context: acme, payer: .tenant)
        #expect(pricing.estimatedCredits(for: platform) == 100)
        #expect(pricing.estimatedCredits(for: byok) == 4)
        #expect(pricing.estimatedCredits(for: tenantKey) == 4)
        // Never more than the same request paid by the platform would reserve.
        let costlyTasks = CreditPricing(creditsPerTask: 50, creditsPerQuery: 0, reservationPerRequest: 10)
        #expect(costlyTasks.estimatedCredits(for: UsageRequest(context: acme, payer: .byok)) == 10)
        // Saturates instead of overflowing.
        let huge = CreditPricing(creditsPerTask: .max, creditsPerQuery: .max, reservationPerRequest: .max)
        #expect(huge.estimatedCredits(for: UsageRequest(context: acme, payer: .byok)) == .max)
    }

    @Test("the policy reserves less for a BYOK request and settles only its non-token charges")
    func policyReservesLessForBYOK() async throws {
        let harness = try WebhookTestHarness()
        let pricing = CreditPricing(creditsPerThousandInputTokens: 1, creditsPerThousandOutputTokens: 4, creditsPerTask: 2, creditsPerQuery: 0, reservationPerRequest: 10)
        let policy = CreditsUsagePolicy(credits: harness.credits, pricing: pricing)
        try await harness.credits.grant(tenant: acme.tenant, amount: 100, reason: "seed", id: "seed")

        let platform = UsageRequest(context: acme, estimatedInputTokens: 30_000)
        #expect(await policy.authorize(platform) == .allow)
        #expect(try await harness.credits.available(for: acme.tenant) == 70, "the platform request reserves its token estimate")
        let byok = UsageRequest(context: acme, estimatedInputTokens: 30_000, payer: .byok)
        #expect(await policy.authorize(byok) == .allow)
        #expect(try await harness.credits.available(for: acme.tenant) == 68, "the BYOK request reserves only its task")

        await policy.settle(byok, events: [
            event(.inputTokens, 30_000, payer: .byok), event(.outputTokens, 2_000, payer: .byok), event(.taskCompleted, 1, payer: .byok),
        ])
        #expect(try await harness.credits.balance(for: acme.tenant) == 98, "only the task was debited")
        #expect(try await harness.credits.entries(for: acme.tenant).filter { $0.kind == .usage }.map(\.amount) == [-2])

        await policy.settle(platform, events: [
            event(.inputTokens, 30_000, payer: .platform), event(.outputTokens, 2_000, payer: .platform), event(.taskCompleted, 1, payer: .platform),
        ])
        #expect(try await harness.credits.balance(for: acme.tenant) == 98 - 30 - 8 - 2)
        #expect(try await harness.credits.available(for: acme.tenant) == 58, "both reservations were released")
    }

    @Test("with 3 credits left a BYOK request still runs where a platform request would hold them all")
    func byokFitsWhereThePlatformEstimateWouldNot() async throws {
        let harness = try WebhookTestHarness()
        let pricing = CreditPricing(creditsPerTask: 1, creditsPerQuery: 0, reservationPerRequest: 10)
        let policy = CreditsUsagePolicy(credits: harness.credits, pricing: pricing)
        try await harness.credits.grant(tenant: acme.tenant, amount: 3, reason: "seed", id: "seed")

        for _ in 0..<3 { #expect(await policy.authorize(UsageRequest(context: acme, payer: .byok)) == .allow) }
        #expect(try await harness.credits.available(for: acme.tenant) == 0)
        #expect(code(await policy.authorize(UsageRequest(context: acme, payer: .byok))) == .creditsExhausted, "the task charge still needs credits")
    }

    @Test("when nothing but tokens is charged, a BYOK request needs no credits; a platform request does")
    func freeBYOKNeedsNoCredits() async throws {
        let harness = try WebhookTestHarness()
        let pricing = CreditPricing(creditsPerTask: 0, creditsPerQuery: 0, reservationPerRequest: 10)
        let policy = CreditsUsagePolicy(credits: harness.credits, pricing: pricing)

        #expect(code(await policy.authorize(UsageRequest(context: acme))) == .creditsExhausted)
        let byok = UsageRequest(context: acme, payer: .byok)
        #expect(await policy.authorize(byok) == .allow)
        #expect(try await harness.credits.available(for: acme.tenant) == 0, "nothing was reserved")
        await policy.settle(byok, events: [event(.inputTokens, 9_000, payer: .byok), event(.taskCompleted, 1, payer: .byok)])
        #expect(try await harness.credits.balance(for: acme.tenant) == 0)
        #expect(try await harness.credits.entries(for: acme.tenant).isEmpty)

        // The subscription rules still apply.
        try await harness.subscriptions.save(TenantSubscription(tenant: acme.tenant, customerID: "cus_Acme", subscriptionID: "sub_Acme", status: .canceled))
        #expect(code(await policy.authorize(UsageRequest(context: acme, payer: .byok))) == .subscriptionInactive)
    }

    @Test("the credits sink debits nothing for BYOK tokens and still forwards them")
    func sinkSkipsBYOKTokens() async throws {
        let harness = try WebhookTestHarness()
        let ledger = try SQLiteUsageLedger.inMemory()
        let sink = CreditsUsageSink(wrapping: LedgerUsageSink(ledger: ledger), credits: harness.credits, pricing: CreditPricing(creditsPerThousandInputTokens: 1, creditsPerTask: 1))
        try await harness.credits.grant(tenant: acme.tenant, amount: 50, reason: "seed", id: "seed")
        let events = [event(.inputTokens, 10_000, payer: .byok), event(.inputTokens, 10_000, payer: .platform), event(.taskCompleted, 1, payer: .byok)]

        try await sink.record(events)

        #expect(try await harness.credits.balance(for: acme.tenant) == 50 - 10 - 1)
        #expect(try await ledger.pendingCount() == 3)
    }
}
