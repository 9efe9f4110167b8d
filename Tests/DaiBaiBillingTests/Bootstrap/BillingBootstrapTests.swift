import Configuration
import DaiBaiBilling
import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Testing

/// `registerBilling()` plugs the ledger sink and the credits policy into Core's bootstrap;
/// `BillingServices` builds the reporter and the webhook handler from the same stack.
@Suite("Billing bootstrap: the ledger sink, the credits policy and the services from configuration")
struct BillingBootstrapTests {
    let acme: RequestContext

    init() throws {
        acme = RequestContext(tenant: try TenantID(validating: "acme"), user: try UserID(validating: "alice"))
    }

    @Test("usage.sink ledger and usage.policy credits build the billing backends over files in the storage directory")
    func buildsBillingBackends() async throws {
        let rig = try BillingBootstrapRig()
        defer { rig.remove() }

        let stack = try await rig.bootstrap()

        #expect(stack.backends[.usageSink] == "ledger")
        #expect(stack.backends[.usagePolicy] == "credits")
        let sink = try #require(stack.usageSink as? CreditsUsageSink, "credits are on, so the ledger sink debits them")
        #expect(sink.wrapped is LedgerUsageSink)
        #expect(sink.pricing == CreditPricing(creditsPerThousandInputTokens: 1, creditsPerThousandOutputTokens: 4, creditsPerTask: 1, creditsPerQuery: 0, reservationPerRequest: 5))
        #expect(stack.usagePolicy is CreditsUsagePolicy)
        #expect(FileManager.default.fileExists(atPath: rig.directory.path + "/usage.sqlite"))
        #expect(FileManager.default.fileExists(atPath: rig.directory.path + "/billing.sqlite"))
        let services = try BillingServices(stack: stack)
        #expect(services.settings.plans.plan(id: "price_basic") == CreditPlan(id: "price_basic", creditsPerPeriod: 1_000, name: "Basic"))
    }

    @Test("an Agent over the bootstrapped stack writes its usage to the ledger file and debits the tenant's credits")
    func agentUsageLandsInLedgerAndCredits() async throws {
        let rig = try BillingBootstrapRig()
        defer { rig.remove() }
        let stack = try await rig.bootstrap()
        let services = try BillingServices(stack: stack)
        _ = try await services.credits.grant(tenant: acme.tenant, amount: 100, reason: "welcome", id: "pi_welcome")

        let answer = try await rig.agent(stack).ask(AgentRequest(question: "Album titles", context: acme))

        #expect(answer.result != nil)
        // Read the file with a ledger of its own, as a separate reporter process would.
        let ledger = try SQLiteUsageLedger(path: rig.directory.path + "/usage.sqlite")
        defer { try? ledger.close() }
        let kinds = try await ledger.unreported(limit: 10).map(\.kind)
        #expect(Set(kinds) == [.inputTokens, .outputTokens, .queryExecuted, .taskCompleted])
        // 1,200 input tokens: 2 credits; 300 output tokens at 4 per 1,000: 2; the answer: 1.
        #expect(try await services.credits.balance(for: acme.tenant) == 95)
        #expect(try await services.credits.available(for: acme.tenant) == 95, "the reservation was released")
    }

    @Test("a tenant with no credits is denied with the typed reason, and nothing is spent")
    func tenantWithoutCreditsIsDenied() async throws {
        let rig = try BillingBootstrapRig()
        defer { rig.remove() }
        let stack = try await rig.bootstrap()

        let error = await #expect(throws: AgentError.self) {
            try await rig.agent(stack).ask(AgentRequest(question: "Album titles", context: acme))
        }

        guard case .usageDenied(let denial)? = error else {
            Issue.record("expected usageDenied, got \(String(describing: error))")
            return
        }
        #expect(denial.code == .creditsExhausted)
        #expect(rig.model.requests.isEmpty)
        let ledger = try SQLiteUsageLedger(path: rig.directory.path + "/usage.sqlite")
        defer { try? ledger.close() }
        #expect(try await ledger.pendingCount() == 0)
    }

    @Test("the reporter BillingServices builds drains the ledger to Stripe with the stored API key")
    func reporterDrainsLedgerToStripe() async throws {
        let rig = try BillingBootstrapRig()
        defer { rig.remove() }
        let fake = MeterFakeStripe()
        try await withLoopbackServer([fake.route]) { server in
            try rig.storeSecret(BillingServices.apiKeySecretName, stripeTestKey)
            let stack = try await rig.bootstrap(["billing.stripe.base_url": .init(.string(server.baseURL), isSecret: false)])
            let services = try BillingServices(stack: stack)
            _ = try await services.credits.grant(tenant: acme.tenant, amount: 100, reason: "welcome", id: "pi_welcome")
            try await services.subscriptions.save(TenantSubscription(tenant: acme.tenant, customerID: "cus_acme", status: .active))
            _ = try await rig.agent(stack).ask(AgentRequest(question: "Album titles", context: acme))
            let recorded = try await services.ledger.unreported(limit: 10)

            let summary = try await services.meterReporter().reportPending()

            #expect(summary.reported == 4)
            #expect(try await services.ledger.pendingCount() == 0)
            #expect(Set(fake.acceptedOrder) == Set(recorded.map(\.meterIdentifier)))
            #expect(Set(fake.accepted.values.map(\.customer)) == ["cus_acme"])
            #expect(Set(fake.accepted.values.map(\.eventName)) == Set(MeterReporterConfiguration.defaultEventNames.values))
        }
    }

    @Test("without STRIPE_API_KEY or STRIPE_WEBHOOK_SECRET the services fail with an error naming the secret")
    func missingSecretsAreNamed() async throws {
        let rig = try BillingBootstrapRig()
        defer { rig.remove() }
        let services = try BillingServices(stack: try await rig.bootstrap())

        await #expect(throws: BillingBootstrapError.missingSecret(name: "STRIPE_API_KEY")) { try await services.meterReporter() }
        await #expect(throws: BillingBootstrapError.missingSecret(name: "STRIPE_WEBHOOK_SECRET")) { try await services.webhookHandler() }
        #expect(BillingBootstrapError.missingSecret(name: "STRIPE_WEBHOOK_SECRET").description.contains("STRIPE_WEBHOOK_SECRET"))
    }

    @Test("the webhook handler verifies deliveries with the stored signing secret")
    func webhookHandlerUsesStoredSecret() async throws {
        let rig = try BillingBootstrapRig()
        defer { rig.remove() }
        let secret = "whsec_bootstrapTestSigningSecret"
        try rig.storeSecret(BillingServices.webhookSecretName, secret)
        let handler = try await BillingServices(stack: try await rig.bootstrap()).webhookHandler()
        // shape: Stripe API reference, the Event object (an event type DaiBai does not handle).
        let payload = Data(#"{"id":"evt_bootstrap_1","object":"event","type":"customer.created","created":1793491200,"data":{"object":{"id":"cus_x","object":"customer"}}}"#.utf8)
        let now = Int64(Date().timeIntervalSince1970)

        let signed = StripeWebhookVerifier.signatureHeader(for: payload, timestamp: now, secret: SecretValue(secret))
        let forged = StripeWebhookVerifier.signatureHeader(for: payload, timestamp: now, secret: SecretValue("whsec_somethingElse"))

        #expect(try await handler.handle(payload: payload, signatureHeader: signed) == .ignored(eventID: "evt_bootstrap_1", type: "customer.created", reason: "the event type is not handled"))
        await #expect(throws: StripeWebhookError.self) { try await handler.handle(payload: payload, signatureHeader: forged) }
    }

    @Test("a listed plan without credits_per_period fails the bootstrap with an error naming the key")
    func planWithoutCreditsFails() async throws {
        let rig = try BillingBootstrapRig()
        defer { rig.remove() }

        let error = await #expect(throws: BootstrapError.self) {
            try await rig.bootstrap(["billing.plan_ids": .init(.stringArray(["price_basic", "price_pro"]), isSecret: false)])
        }

        guard case .configuration(.missingSetting(let key, _))? = error else {
            Issue.record("expected a missing setting, got \(String(describing: error))")
            return
        }
        #expect(key == "billing.plans.price_pro.credits_per_period")
    }
}
