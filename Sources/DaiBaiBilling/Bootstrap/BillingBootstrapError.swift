import DaiBaiCore

/// Why billing could not be set up from configuration. No case carries a secret value.
public enum BillingBootstrapError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A required secret is not in the stack's secret store.
    case missingSecret(name: String)
    /// The secret store failed while reading the secret `name`.
    case secretStore(name: String, message: String)
    /// A billing setting is missing or invalid.
    case configuration(ConfigurationError)
    /// The ledger or billing database could not be opened.
    case storage(BillingStoreError)
    /// The Stripe client could not be built (for example an unusable `billing.stripe.base_url`).
    case stripe(StripeError)

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .missingSecret(let name):
            "Billing needs the secret \(name), but the secret store has none. Store it under that name (for the environment backend: export \(name))."
        case .secretStore(let name, let message):
            "Billing could not read the secret \(name): \(message)"
        case .configuration(let error):
            "Billing is misconfigured: \(error)"
        case .storage(let error):
            "Billing could not open its storage: \(error)"
        case .stripe(let error):
            "Billing could not set up the Stripe client: \(error)"
        }
    }
}
