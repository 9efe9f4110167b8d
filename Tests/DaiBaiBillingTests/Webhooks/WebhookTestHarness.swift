import DaiBaiBilling
import DaiBaiCore
import Foundation

/// A handler over a fresh billing database, signing the bodies it is given like Stripe does.
struct WebhookTestHarness {
    static let secret = SecretValue("whsec_harness_secret")
    static let plans = CreditPlanCatalog([
        CreditPlan(id: "price_pro", creditsPerPeriod: 1_000, name: "Pro"),
        CreditPlan(id: "price_basic", creditsPerPeriod: 100, name: "Basic"),
    ])

    let state: SQLiteBillingState
    let clock: SubscriptionTestClock
    let handler: StripeWebhookHandler
    let subscriptions: SQLiteSubscriptionStore
    let credits: SQLiteCreditsStore

    init(state: SQLiteBillingState? = nil, clock: SubscriptionTestClock = SubscriptionTestClock()) throws {
        let state = try state ?? SQLiteBillingState.inMemory()
        self.state = state
        self.clock = clock
        let verifier = StripeWebhookVerifier(secret: Self.secret, now: clock.closure)
        handler = StripeWebhookHandler(verifier: verifier, state: state, plans: Self.plans, now: clock.closure)
        subscriptions = SQLiteSubscriptionStore(state: state)
        credits = SQLiteCreditsStore(state: state, now: clock.closure)
    }

    /// Delivers `body` with a valid signature made now.
    @discardableResult
    func deliver(_ body: Data) async throws(StripeWebhookError) -> StripeWebhookOutcome {
        let header = StripeWebhookVerifier.signatureHeader(for: body, timestamp: Int64(clock.now.timeIntervalSince1970), secret: Self.secret)
        return try await handler.handle(payload: body, signatureHeader: header)
    }

    /// Links tenant `acme` to `cus_Acme` / `sub_Acme` and makes the subscription active on `price_pro`.
    func subscribeAcme() async throws {
        try await deliver(WebhookFixtures.checkoutCompleted(eventID: "evt_setup_checkout", created: 1_700_000_000))
        try await deliver(WebhookFixtures.subscription(type: "customer.subscription.created", eventID: "evt_setup_created", created: 1_700_000_001, status: "active"))
    }
}
