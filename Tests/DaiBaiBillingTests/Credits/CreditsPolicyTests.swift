import DaiBaiBilling
import DaiBaiCore
import Foundation
import Testing

@Suite("Credits usage policy")
struct CreditsPolicyTests {
    let acme: RequestContext

    init() throws {
        acme = RequestContext(tenant: try TenantID(validating: "acme"), user: try UserID(validating: "alice"))
    }

    /// Each request reserves 3 credits and, finishing one task, costs exactly 3.
    static let pricing = CreditPricing(creditsPerThousandInputTokens: 0, creditsPerThousandOutputTokens: 0, creditsPerTask: 3, creditsPerQuery: 0, reservationPerRequest: 3)

    func task(_ request: UsageRequest) -> [UsageEvent] {
        [UsageEvent(tenant: request.context.tenant, user: request.context.user, kind: .taskCompleted, quantity: 1)]
    }

    func code(_ decision: UsageDecision) -> UsageDenial.Code? {
        if case .deny(let denial) = decision { return denial.code }
        return nil
    }

    @Test("spending the balance denies with credits exhausted; a top-up allows again")
    func exhaustionThenTopUp() async throws {
        let harness = try WebhookTestHarness()
        let policy = CreditsUsagePolicy(credits: harness.credits, pricing: Self.pricing)
        try await harness.credits.grant(tenant: acme.tenant, amount: 6, reason: "trial", id: "trial")
        for _ in 0..<2 {
            let request = UsageRequest(context: acme)
            #expect(await policy.authorize(request) == .allow)
            await policy.settle(request, events: task(request))
        }
        #expect(try await harness.credits.balance(for: acme.tenant) == 0)
        let denied = await policy.authorize(UsageRequest(context: acme))
        #expect(denied == .deny(UsageDenial(.creditsExhausted, message: "Tenant acme has no credits left (balance 0). Top up credits, or wait for the next paid invoice.")))

        try await harness.credits.grant(tenant: acme.tenant, amount: 3, reason: "top-up", id: "pi_1")
        #expect(await policy.authorize(UsageRequest(context: acme)) == .allow)
    }

    @Test("a paid invoice grants the plan's credits and allows again")
    func paidInvoiceAllows() async throws {
        let harness = try WebhookTestHarness()
        let policy = CreditsUsagePolicy(credits: harness.credits, pricing: Self.pricing)
        try await harness.subscribeAcme()
        #expect(code(await policy.authorize(UsageRequest(context: acme))) == .creditsExhausted)
        try await harness.deliver(WebhookFixtures.invoice(eventID: "evt_i1", created: 1_700_000_100, invoice: "in_1"))
        #expect(await policy.authorize(UsageRequest(context: acme)) == .allow)
    }

    @Test("a canceled subscription is denied even with credits left")
    func canceledDenied() async throws {
        let harness = try WebhookTestHarness()
        let policy = CreditsUsagePolicy(credits: harness.credits, pricing: Self.pricing)
        try await harness.subscribeAcme()
        try await harness.deliver(WebhookFixtures.invoice(eventID: "evt_i1", created: 1_700_000_100, invoice: "in_1"))
        try await harness.deliver(WebhookFixtures.subscription(type: "customer.subscription.deleted", eventID: "evt_d1", created: 1_700_000_200, status: "canceled"))
        let decision = await policy.authorize(UsageRequest(context: acme))
        #expect(decision == .deny(UsageDenial(.subscriptionInactive, message: "Tenant acme's subscription is canceled. Subscribe again to continue.")))
        #expect(try await harness.credits.available(for: acme.tenant) == 1_000, "a denied request reserves nothing")
    }

    @Test("past_due is denied with its own reason unless allowed; a paid invoice clears it")
    func pastDue() async throws {
        let harness = try WebhookTestHarness()
        try await harness.subscribeAcme()
        try await harness.credits.grant(tenant: acme.tenant, amount: 30, reason: "seed", id: "seed")
        try await harness.deliver(WebhookFixtures.invoice(type: "invoice.payment_failed", eventID: "evt_f1", created: 1_700_000_100, invoice: "in_1", status: "open"))
        let strict = CreditsUsagePolicy(credits: harness.credits, pricing: Self.pricing)
        #expect(code(await strict.authorize(UsageRequest(context: acme))) == .paymentPastDue)
        let lenient = CreditsUsagePolicy(credits: harness.credits, pricing: Self.pricing, configuration: .init(allowPastDue: true))
        #expect(await lenient.authorize(UsageRequest(context: acme)) == .allow)
        try await harness.deliver(WebhookFixtures.invoice(eventID: "evt_p1", created: 1_700_000_200, invoice: "in_1"))
        #expect(await strict.authorize(UsageRequest(context: acme)) == .allow)
    }

    @Test("every inactive status blocks; active, trialing and no subscription do not")
    func statusTable() async throws {
        let harness = try WebhookTestHarness()
        try await harness.credits.grant(tenant: acme.tenant, amount: 1_000, reason: "seed", id: "seed")
        let policy = CreditsUsagePolicy(credits: harness.credits, pricing: Self.pricing)
        let expected: [SubscriptionStatus?: UsageDenial.Code?] = [
            nil: nil, .active: nil, .trialing: nil, .pastDue: .paymentPastDue,
            .canceled: .subscriptionInactive, .unpaid: .subscriptionInactive, .incomplete: .subscriptionInactive,
            .incompleteExpired: .subscriptionInactive, .paused: .subscriptionInactive,
        ]
        #expect(expected.count == SubscriptionStatus.allCases.count + 1)
        for (status, denial) in expected {
            try await harness.subscriptions.save(TenantSubscription(tenant: acme.tenant, customerID: "cus_Acme", subscriptionID: "sub_Acme", status: status))
            #expect(code(await policy.authorize(UsageRequest(context: acme))) == denial, "status \(String(describing: status))")
        }
    }

    @Test("a tenant without a subscription is denied when one is required")
    func requireSubscription() async throws {
        let harness = try WebhookTestHarness()
        try await harness.credits.grant(tenant: acme.tenant, amount: 30, reason: "seed", id: "seed")
        let policy = CreditsUsagePolicy(credits: harness.credits, pricing: Self.pricing, configuration: .init(requireSubscription: true))
        #expect(code(await policy.authorize(UsageRequest(context: acme))) == .subscriptionInactive)
        #expect(await CreditsUsagePolicy(credits: harness.credits, pricing: Self.pricing).authorize(UsageRequest(context: acme)) == .allow)
    }

    @Test("100 concurrent requests against 10 credits: exactly 4 run, spending 12, one request's cost over")
    func concurrentRequestsCannotOverspend() async throws {
        let harness = try WebhookTestHarness()
        let policy = CreditsUsagePolicy(credits: harness.credits, pricing: Self.pricing)
        try await harness.credits.grant(tenant: acme.tenant, amount: 10, reason: "seed", id: "seed")
        let context = acme
        let allowed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    let request = UsageRequest(context: context)
                    guard await policy.authorize(request) == .allow else { return false }
                    await policy.settle(request, events: [UsageEvent(tenant: context.tenant, user: context.user, kind: .taskCompleted, quantity: 1)])
                    return true
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        // Allowed while anything is left: after 3 requests 1 credit remains, so a 4th runs.
        #expect(allowed == 4)
        let balance = try await harness.credits.balance(for: acme.tenant)
        #expect(balance == -2)
        let spent = 10 - balance
        #expect(spent == 12)
        #expect(spent - 10 <= Self.pricing.reservationPerRequest)
        #expect(try await harness.credits.available(for: acme.tenant) == -2, "every reservation was released")
    }

    @Test("concurrent authorizations reserve atomically before any settles")
    func reservationsAreAtomic() async throws {
        let harness = try WebhookTestHarness()
        let policy = CreditsUsagePolicy(credits: harness.credits, pricing: Self.pricing)
        try await harness.credits.grant(tenant: acme.tenant, amount: 10, reason: "seed", id: "seed")
        let context = acme
        let requests = (0..<100).map { _ in UsageRequest(context: context) }
        let decisions = await withTaskGroup(of: (UsageRequest, UsageDecision).self) { group in
            for request in requests { group.addTask { (request, await policy.authorize(request)) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let allowed = decisions.filter { $0.1 == .allow }.map(\.0)
        #expect(allowed.count == 4)
        #expect(decisions.filter { code($0.1) == .creditsExhausted }.count == 96)
        #expect(try await harness.credits.available(for: acme.tenant) == 10 - 4 * 3)
        for request in allowed { await policy.settle(request, events: task(request)) }
        #expect(try await harness.credits.balance(for: acme.tenant) == -2)
        #expect(try await harness.credits.available(for: acme.tenant) == -2)
    }

    @Test("a reservation never settled lapses after the timeout")
    func reservationLapses() async throws {
        let clock = SubscriptionTestClock()
        let state = try SQLiteBillingState.inMemory()
        let credits = SQLiteCreditsStore(state: state, reservationTimeout: .seconds(60), now: clock.closure)
        let policy = CreditsUsagePolicy(credits: credits, pricing: Self.pricing)
        try await credits.grant(tenant: acme.tenant, amount: 3, reason: "seed", id: "seed")
        #expect(await policy.authorize(UsageRequest(context: acme)) == .allow)
        #expect(code(await policy.authorize(UsageRequest(context: acme))) == .creditsExhausted)
        clock.advance(by: 60)
        #expect(code(await policy.authorize(UsageRequest(context: acme))) == .creditsExhausted, "still held at exactly the timeout")
        clock.advance(by: 1)
        #expect(await policy.authorize(UsageRequest(context: acme)) == .allow)
    }

    @Test("settling twice, or with events another sink already debited, charges once")
    func settleIsIdempotent() async throws {
        let harness = try WebhookTestHarness()
        let policy = CreditsUsagePolicy(credits: harness.credits, pricing: Self.pricing)
        try await harness.credits.grant(tenant: acme.tenant, amount: 10, reason: "seed", id: "seed")
        let request = UsageRequest(context: acme)
        #expect(await policy.authorize(request) == .allow)
        let events = task(request)
        try await harness.credits.debit(events, pricing: Self.pricing)
        await policy.settle(request, events: events)
        await policy.settle(request, events: events)
        #expect(try await harness.credits.balance(for: acme.tenant) == 7)
        #expect(try await harness.credits.available(for: acme.tenant) == 7)
    }

    @Test("when the billing database fails, requests are denied")
    func failsClosed() async throws {
        let state = try SQLiteBillingState.inMemory()
        let policy = CreditsUsagePolicy(credits: SQLiteCreditsStore(state: state), pricing: Self.pricing)
        try state.close()
        #expect(code(await policy.authorize(UsageRequest(context: acme))) == .other)
    }

    @Test("a request cancelled before authorization is denied and holds nothing")
    func cancelledAuthorization() async throws {
        let harness = try WebhookTestHarness()
        let policy = CreditsUsagePolicy(credits: harness.credits, pricing: Self.pricing)
        try await harness.credits.grant(tenant: acme.tenant, amount: 10, reason: "seed", id: "seed")
        let context = acme
        let task = Task { () async -> UsageDecision in
            withUnsafeCurrentTask { $0?.cancel() }
            return await policy.authorize(UsageRequest(context: context))
        }
        #expect(await task.value == .deny(.other("The request was cancelled before its credits were checked.")))
        #expect(try await harness.credits.available(for: acme.tenant) == 10)
    }
}
