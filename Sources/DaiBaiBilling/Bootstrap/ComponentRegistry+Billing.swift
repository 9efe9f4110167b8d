import Configuration
import DaiBaiCore

extension ComponentRegistry {
    /// The usage sink backend name of the billing ledger.
    public static let billingLedgerSinkName = "ledger"
    /// The usage policy backend name of the credits policy.
    public static let billingCreditsPolicyName = "credits"

    /// Registers billing's backends: the usage sink `ledger` and the usage policy `credits`.
    /// Select them with `usage.sink: ledger` and `usage.policy: credits`.
    ///
    /// | component | backend | what it builds |
    /// |---|---|---|
    /// | usage sink | `ledger` | ``LedgerUsageSink`` over ``SQLiteUsageLedger`` at `<storage.directory>/usage.sqlite`, wrapped by ``CreditsUsageSink`` when credits are on |
    /// | usage policy | `credits` | ``CreditsUsagePolicy`` over ``SQLiteBillingState`` at `<storage.directory>/billing.sqlite` |
    ///
    /// | setting | default | meaning |
    /// |---|---|---|
    /// | `billing.plan_ids` | none | the plans (Stripe price ids) that grant credits, a string list |
    /// | `billing.plans.<id>.credits_per_period` | required per plan | credits a paid invoice of the plan grants |
    /// | `billing.plans.<id>.name` | the id | display name |
    /// | `billing.pricing.credits_per_1k_input_tokens` | 1 | credits per 1,000 prompt tokens |
    /// | `billing.pricing.credits_per_1k_output_tokens` | 4 | credits per 1,000 generated tokens |
    /// | `billing.pricing.credits_per_task` | 1 | credits per answered question |
    /// | `billing.pricing.credits_per_query` | 0 | credits per executed query |
    /// | `billing.pricing.reservation_per_request` | 10 | credits reserved while a request runs |
    /// | `billing.credits.enabled` | `true` when `usage.policy` is `credits` | the `ledger` sink debits credits as it records |
    /// | `billing.credits.allow_past_due` | `false` | `past_due` subscriptions may keep spending |
    /// | `billing.credits.require_subscription` | `false` | tenants without a subscription are denied |
    /// | `billing.stripe.base_url` | `https://api.stripe.com` | Stripe's API (used by ``BillingServices``) |
    /// | `billing.owner_tenant` | `local` | the tenant whose secrets hold `STRIPE_API_KEY` and `STRIPE_WEBHOOK_SECRET` |
    ///
    /// The sink and the policy of one stack share their databases. Invalid settings fail the
    /// bootstrap with an error naming the key.
    public mutating func registerBilling() {
        let stores = BillingBootstrapStores()
        registerUsageSink(Self.billingLedgerSinkName) { context in
            let settings = try BillingSettings(config: context.config, storageDirectory: context.settings.storage.directory)
            let sink = LedgerUsageSink(ledger: try stores.ledger(at: settings.ledgerPath, logger: context.logger))
            guard settings.creditsEnabled else { return sink }
            let credits = SQLiteCreditsStore(state: try stores.state(at: settings.statePath, logger: context.logger))
            return CreditsUsageSink(wrapping: sink, credits: credits, pricing: settings.pricing, logger: context.logger)
        }
        registerUsagePolicy(Self.billingCreditsPolicyName) { context in
            let settings = try BillingSettings(config: context.config, storageDirectory: context.settings.storage.directory)
            let credits = SQLiteCreditsStore(state: try stores.state(at: settings.statePath, logger: context.logger))
            return CreditsUsagePolicy(credits: credits, pricing: settings.pricing, configuration: settings.policy, logger: context.logger)
        }
    }
}
