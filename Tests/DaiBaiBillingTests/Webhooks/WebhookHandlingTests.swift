import DaiBaiBilling
import DaiBaiCore
import Foundation
import Testing

@Suite("Webhook handling")
struct WebhookHandlingTests {
    let acme: TenantID

    init() throws { acme = try .billingTest("acme") }

    @Test("checkout.session.completed links the tenant in client_reference_id to its customer and subscription")
    func checkoutLinksTenant() async throws {
        let harness = try WebhookTestHarness()
        let outcome = try await harness.deliver(WebhookFixtures.checkoutCompleted(eventID: "evt_c1"))
        #expect(outcome == .applied(eventID: "evt_c1", type: "checkout.session.completed"))
        let lookup: any StripeCustomerLookup = harness.subscriptions
        #expect(try await lookup.stripeCustomerID(for: acme) == "cus_Acme")
        #expect(try await harness.subscriptions.tenant(forCustomer: "cus_Acme") == acme)
        #expect(try await harness.subscriptions.subscription(for: acme)?.subscriptionID == "sub_Acme")
    }

    @Test("checkout metadata.tenant_id names the tenant when there is no client_reference_id")
    func checkoutMetadataTenant() async throws {
        let harness = try WebhookTestHarness()
        try await harness.deliver(WebhookFixtures.checkoutCompleted(eventID: "evt_c1", tenant: nil, metadataTenant: "globex", customer: "cus_Globex"))
        #expect(try await harness.subscriptions.stripeCustomerID(for: .billingTest("globex")) == "cus_Globex")
    }

    @Test("a checkout naming no tenant is acknowledged and ignored")
    func checkoutWithoutTenant() async throws {
        let harness = try WebhookTestHarness()
        let outcome = try await harness.deliver(WebhookFixtures.checkoutCompleted(eventID: "evt_c1", tenant: nil))
        guard case .ignored(let id, _, let reason) = outcome else {
            Issue.record("expected ignored, got \(outcome)")
            return
        }
        #expect(id == "evt_c1")
        #expect(reason.contains("client_reference_id"))
    }

    @Test("subscription created, updated and deleted store status, plan and period")
    func subscriptionLifecycle() async throws {
        let harness = try WebhookTestHarness()
        try await harness.deliver(WebhookFixtures.checkoutCompleted(eventID: "evt_c1"))
        try await harness.deliver(WebhookFixtures.subscription(type: "customer.subscription.created", eventID: "evt_s1", created: 1_700_000_010, status: "trialing"))
        var stored = try #require(try await harness.subscriptions.subscription(for: acme))
        #expect(stored.status == .trialing)
        #expect(stored.planID == "price_pro")
        #expect(stored.currentPeriodStart == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(stored.currentPeriodEnd == Date(timeIntervalSince1970: 1_702_592_000))
        #expect(stored.stateTimestamp == 1_700_000_010)

        try await harness.deliver(WebhookFixtures.subscription(eventID: "evt_s2", created: 1_700_000_020, status: "past_due", price: "price_basic"))
        stored = try #require(try await harness.subscriptions.subscription(for: acme))
        #expect(stored.status == .pastDue)
        #expect(stored.planID == "price_basic")

        let outcome = try await harness.deliver(WebhookFixtures.subscription(type: "customer.subscription.deleted", eventID: "evt_s3", created: 1_700_000_030, status: "canceled"))
        #expect(outcome == .applied(eventID: "evt_s3", type: "customer.subscription.deleted"))
        #expect(try await harness.subscriptions.subscription(for: acme)?.status == .canceled)
    }

    @Test("a subscription event carrying metadata.tenant_id needs no prior checkout")
    func subscriptionMetadataTenant() async throws {
        let harness = try WebhookTestHarness()
        try await harness.deliver(WebhookFixtures.subscription(type: "customer.subscription.created", eventID: "evt_s1", created: 1_700_000_010, status: "active", customer: "cus_Initech", metadataTenant: "initech"))
        #expect(try await harness.subscriptions.stripeCustomerID(for: .billingTest("initech")) == "cus_Initech")
    }

    @Test("the older subscription shape (period on the subscription, expanded customer, plan) is read too")
    func legacySubscriptionShape() async throws {
        let harness = try WebhookTestHarness()
        try await harness.deliver(WebhookFixtures.checkoutCompleted(eventID: "evt_c1"))
        try await harness.deliver(WebhookFixtures.legacySubscription(eventID: "evt_s1", created: 1_700_000_010, status: "active"))
        let stored = try #require(try await harness.subscriptions.subscription(for: acme))
        #expect(stored.status == .active)
        #expect(stored.planID == "price_basic")
        #expect(stored.currentPeriodEnd == Date(timeIntervalSince1970: 1_702_592_000))
    }

    @Test("invoice.paid grants the plan's credits once per invoice, whichever event reports it")
    func invoicePaidGrantsOnce() async throws {
        let harness = try WebhookTestHarness()
        try await harness.subscribeAcme()
        let paid = try await harness.deliver(WebhookFixtures.invoice(eventID: "evt_i1", created: 1_700_000_100, invoice: "in_1"))
        #expect(paid == .applied(eventID: "evt_i1", type: "invoice.paid"))
        #expect(try await harness.credits.balance(for: acme) == 1_000)
        let succeeded = try await harness.deliver(WebhookFixtures.invoice(type: "invoice.payment_succeeded", eventID: "evt_i2", created: 1_700_000_100, invoice: "in_1"))
        #expect(succeeded == .ignored(eventID: "evt_i2", type: "invoice.payment_succeeded", reason: "no plan in the catalog matches the invoice's prices and the subscription needed no change"))
        #expect(try await harness.credits.balance(for: acme) == 1_000)
        try await harness.deliver(WebhookFixtures.legacyInvoicePaid(eventID: "evt_i3", created: 1_702_592_100, invoice: "in_2"))
        #expect(try await harness.credits.balance(for: acme) == 2_000)
        let entries = try await harness.credits.entries(for: acme)
        #expect(entries.map(\.id) == ["invoice:in_1", "invoice:in_2"])
        #expect(entries.map(\.kind) == [.invoice, .invoice])
    }

    @Test("invoice.payment_failed marks the subscription past_due; a later paid invoice makes it active")
    func paymentFailedThenPaid() async throws {
        let harness = try WebhookTestHarness()
        try await harness.subscribeAcme()
        try await harness.deliver(WebhookFixtures.invoice(type: "invoice.payment_failed", eventID: "evt_f1", created: 1_700_000_200, invoice: "in_1", status: "open"))
        #expect(try await harness.subscriptions.subscription(for: acme)?.status == .pastDue)
        try await harness.deliver(WebhookFixtures.invoice(eventID: "evt_p1", created: 1_700_000_300, invoice: "in_1"))
        #expect(try await harness.subscriptions.subscription(for: acme)?.status == .active)
        #expect(try await harness.credits.balance(for: acme) == 1_000)
    }

    @Test("unknown event types are acknowledged, ignored and not recorded")
    func unknownType() async throws {
        let harness = try WebhookTestHarness()
        let outcome = try await harness.deliver(WebhookFixtures.customerCreated(eventID: "evt_u1"))
        #expect(outcome == .ignored(eventID: "evt_u1", type: "customer.created", reason: "the event type is not handled"))
        #expect(try await harness.deliver(WebhookFixtures.customerCreated(eventID: "evt_u1")) == outcome)
    }

    @Test("the same event delivered twice has one effect; the second delivery is a duplicate")
    func duplicates() async throws {
        let harness = try WebhookTestHarness()
        try await harness.subscribeAcme()
        let body = WebhookFixtures.invoice(eventID: "evt_i1", created: 1_700_000_100, invoice: "in_1")
        #expect(try await harness.deliver(body) == .applied(eventID: "evt_i1", type: "invoice.paid"))
        #expect(try await harness.deliver(body) == .duplicate(eventID: "evt_i1"))
        #expect(try await harness.credits.entries(for: acme).count == 1)
        #expect(try await harness.credits.balance(for: acme) == 1_000)
    }

    @Test("concurrent redeliveries of one event apply it once")
    func concurrentDuplicates() async throws {
        let harness = try WebhookTestHarness()
        try await harness.subscribeAcme()
        let body = WebhookFixtures.invoice(eventID: "evt_i1", created: 1_700_000_100, invoice: "in_1")
        let outcomes = try await withThrowingTaskGroup(of: StripeWebhookOutcome.self) { group in
            for _ in 0..<10 { group.addTask { try await harness.deliver(body) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .applied(eventID: "evt_i1", type: "invoice.paid") }.count == 1)
        #expect(outcomes.filter { $0 == .duplicate(eventID: "evt_i1") }.count == 9)
        #expect(try await harness.credits.balance(for: acme) == 1_000)
    }

    @Test("an update older than the stored state is ignored")
    func olderUpdateIgnored() async throws {
        let harness = try WebhookTestHarness()
        try await harness.deliver(WebhookFixtures.checkoutCompleted(eventID: "evt_c1"))
        try await harness.deliver(WebhookFixtures.subscription(eventID: "evt_new", created: 1_700_000_500, status: "past_due"))
        let outcome = try await harness.deliver(WebhookFixtures.subscription(eventID: "evt_old", created: 1_700_000_400, status: "active"))
        #expect(outcome == .ignored(eventID: "evt_old", type: "customer.subscription.updated", reason: "the event is older than the stored subscription state"))
        let stored = try #require(try await harness.subscriptions.subscription(for: acme))
        #expect(stored.status == .pastDue)
        #expect(stored.stateTimestamp == 1_700_000_500)
        #expect(try await harness.deliver(WebhookFixtures.subscription(eventID: "evt_old", created: 1_700_000_400, status: "active")) == .duplicate(eventID: "evt_old"))
    }

    @Test("deleted stays final: a late update, even one created later, does not revive the subscription")
    func deletedIsFinal() async throws {
        let harness = try WebhookTestHarness()
        try await harness.subscribeAcme()
        try await harness.deliver(WebhookFixtures.subscription(type: "customer.subscription.deleted", eventID: "evt_d1", created: 1_700_000_600, status: "canceled"))
        let late = try await harness.deliver(WebhookFixtures.subscription(eventID: "evt_late", created: 1_700_000_500, status: "active"))
        #expect(late == .ignored(eventID: "evt_late", type: "customer.subscription.updated", reason: "subscription sub_Acme was already canceled, which is final"))
        let sameSecond = try await harness.deliver(WebhookFixtures.subscription(eventID: "evt_later", created: 1_700_000_700, status: "active"))
        #expect(sameSecond == .ignored(eventID: "evt_later", type: "customer.subscription.updated", reason: "subscription sub_Acme was already canceled, which is final"))
        #expect(try await harness.subscriptions.subscription(for: acme)?.status == .canceled)
    }

    @Test("a new subscription after a cancellation is stored")
    func resubscribe() async throws {
        let harness = try WebhookTestHarness()
        try await harness.subscribeAcme()
        try await harness.deliver(WebhookFixtures.subscription(type: "customer.subscription.deleted", eventID: "evt_d1", created: 1_700_000_600, status: "canceled"))
        try await harness.deliver(WebhookFixtures.checkoutCompleted(eventID: "evt_c2", created: 1_700_000_700, subscription: "sub_Acme2"))
        try await harness.deliver(WebhookFixtures.subscription(type: "customer.subscription.created", eventID: "evt_s2", created: 1_700_000_701, status: "active", subscription: "sub_Acme2"))
        let stored = try #require(try await harness.subscriptions.subscription(for: acme))
        #expect(stored.subscriptionID == "sub_Acme2")
        #expect(stored.status == .active)
    }

    @Test("an event for a customer not yet linked fails with a retryable error and records nothing")
    func unknownCustomer() async throws {
        let harness = try WebhookTestHarness()
        let body = WebhookFixtures.invoice(eventID: "evt_i1", created: 1_700_000_100, invoice: "in_1")
        await #expect(throws: StripeWebhookError.tenantNotResolved(eventID: "evt_i1", customerID: "cus_Acme")) {
            try await harness.deliver(body)
        }
        #expect(StripeWebhookError.tenantNotResolved(eventID: "evt_i1", customerID: "cus_Acme").suggestedHTTPStatus == 500)
        // The checkout arrives later; Stripe's redelivery of the invoice then applies.
        try await harness.subscribeAcme()
        #expect(try await harness.deliver(body) == .applied(eventID: "evt_i1", type: "invoice.paid"))
        #expect(try await harness.credits.balance(for: acme) == 1_000)
    }

    @Test("a delivery that fails verification is a 400-class error and has no effect")
    func verificationFailure() async throws {
        let harness = try WebhookTestHarness()
        let body = WebhookFixtures.checkoutCompleted(eventID: "evt_c1")
        let forged = StripeWebhookVerifier.signatureHeader(for: body, timestamp: 1_700_000_000, secret: SecretValue("whsec_attacker"))
        let error = await #expect(throws: StripeWebhookError.self) {
            try await harness.handler.handle(payload: body, signatureHeader: forged)
        }
        #expect(error == .verification(.noMatchingSignature))
        #expect(error?.suggestedHTTPStatus == 400)
        #expect(try await harness.subscriptions.subscription(for: acme) == nil)
        await #expect(throws: StripeWebhookError.verification(.missingHeader)) {
            try await harness.handler.handle(payload: body, signatureHeader: nil)
        }
    }

    @Test("a signed body that is not a Stripe event is a 400-class error")
    func malformedEvent() async throws {
        let harness = try WebhookTestHarness()
        let error = await #expect(throws: StripeWebhookError.self) {
            try await harness.deliver(Data("{\"object\": \"event\"}".utf8))
        }
        #expect(error == .malformedEvent(eventID: nil, problem: "the field 'id' is missing"))
        #expect(error?.suggestedHTTPStatus == 400)
        let noStatus = Data("""
            {"id": "evt_x", "object": "event", "created": 1700000000, "type": "customer.subscription.updated", "data": {"object": {"id": "sub_1", "object": "subscription"}}}
            """.utf8)
        let second = await #expect(throws: StripeWebhookError.self) { try await harness.deliver(noStatus) }
        #expect(second == .malformedEvent(eventID: "evt_x", problem: "the field 'data.object.status' is missing"))
    }
}
