import Configuration
import DaiBaiCore
import Foundation

/// Billing's settings, read from configuration (see ``DaiBaiCore/ComponentRegistry/registerBilling()``
/// for the keys and their defaults).
public struct BillingSettings: Sendable, Hashable {
    /// The ledger file: `<storage.directory>/usage.sqlite`.
    public var ledgerPath: String
    /// The subscriptions and credits file: `<storage.directory>/billing.sqlite`.
    public var statePath: String
    /// The plans that grant credits per paid period.
    public var plans: CreditPlanCatalog
    /// What usage costs in credits.
    public var pricing: CreditPricing
    /// Which subscription states block usage.
    public var policy: CreditsUsagePolicy.Configuration
    /// Whether the `ledger` sink debits credits as it records.
    public var creditsEnabled: Bool
    /// Stripe's API base URL.
    public var stripeBaseURL: String
    /// The tenant whose secrets hold the Stripe keys (the platform's own tenant).
    public var ownerTenant: TenantID

    /// Reads the settings; files go to `storageDirectory`.
    /// - Throws: ``DaiBaiCore/ConfigurationError/missingSetting(key:hint:)`` for a plan without
    ///   `credits_per_period`, ``DaiBaiCore/ConfigurationError/invalidSetting(key:reason:)``
    ///   for negative numbers or an invalid tenant.
    public init(config: ConfigReader, storageDirectory: String) throws(ConfigurationError) {
        ledgerPath = storageDirectory + "/usage.sqlite"
        statePath = storageDirectory + "/billing.sqlite"
        var plans: [CreditPlan] = []
        for id in config.stringArray(forKey: "billing.plan_ids") ?? [] {
            let key = "billing.plans.\(id).credits_per_period"
            guard let credits = config.int(forKey: ConfigKey(key)) else {
                throw .missingSetting(key: key, hint: "Every plan listed in billing.plan_ids needs the credits it grants per paid period.")
            }
            guard credits >= 0 else { throw .invalidSetting(key: key, reason: "use a number of credits of 0 or more, not \(credits)") }
            plans.append(CreditPlan(id: id, creditsPerPeriod: Int64(credits), name: config.string(forKey: ConfigKey("billing.plans.\(id).name"))))
        }
        self.plans = CreditPlanCatalog(plans)
        let defaults = CreditPricing()
        pricing = CreditPricing(
            creditsPerThousandInputTokens: try Self.credits(config, "billing.pricing.credits_per_1k_input_tokens", defaults.creditsPerThousandInputTokens),
            creditsPerThousandOutputTokens: try Self.credits(config, "billing.pricing.credits_per_1k_output_tokens", defaults.creditsPerThousandOutputTokens),
            creditsPerTask: try Self.credits(config, "billing.pricing.credits_per_task", defaults.creditsPerTask),
            creditsPerQuery: try Self.credits(config, "billing.pricing.credits_per_query", defaults.creditsPerQuery),
            reservationPerRequest: try Self.credits(config, "billing.pricing.reservation_per_request", defaults.reservationPerRequest))
        policy = CreditsUsagePolicy.Configuration(
            allowPastDue: config.bool(forKey: "billing.credits.allow_past_due", default: false),
            requireSubscription: config.bool(forKey: "billing.credits.require_subscription", default: false))
        let creditsPolicyChosen = config.string(forKey: "usage.policy") == ComponentRegistry.billingCreditsPolicyName
        creditsEnabled = config.bool(forKey: "billing.credits.enabled", default: creditsPolicyChosen)
        stripeBaseURL = config.string(forKey: "billing.stripe.base_url", default: StripeClient.defaultBaseURL)
        let owner = config.string(forKey: "billing.owner_tenant", default: TenantID.local.rawValue)
        guard let ownerTenant = TenantID(rawValue: owner) else {
            throw .invalidSetting(key: "billing.owner_tenant", reason: "use 1-64 characters of A-Z, a-z, 0-9, '-' or '_'")
        }
        self.ownerTenant = ownerTenant
    }

    private static func credits(_ config: ConfigReader, _ key: String, _ fallback: Int64) throws(ConfigurationError) -> Int64 {
        guard let value = config.int(forKey: ConfigKey(key)) else { return fallback }
        guard value >= 0 else { throw .invalidSetting(key: key, reason: "use a number of credits of 0 or more, not \(value)") }
        return Int64(value)
    }
}
