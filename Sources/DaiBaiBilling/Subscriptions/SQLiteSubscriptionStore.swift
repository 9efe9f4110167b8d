import DaiBaiCore

/// Tenants' Stripe customers and subscriptions in a ``SQLiteBillingState`` file, as
/// ``StripeWebhookHandler`` records them.
public struct SQLiteSubscriptionStore: SubscriptionStore {
    /// The database.
    public let state: SQLiteBillingState

    /// Creates the store over `state`.
    public init(state: SQLiteBillingState) {
        self.state = state
    }

    /// The record of `tenant`, or `nil` when Stripe has told nothing about it yet.
    public func subscription(for tenant: TenantID) async throws(BillingStoreError) -> TenantSubscription? {
        try await state.read("read the subscription of tenant \(tenant)") { db in
            try SubscriptionsSQL.fetch(tenant: tenant, db)
        }
    }

    /// The tenant whose Stripe customer is `customerID`, or `nil` when unknown.
    public func tenant(forCustomer customerID: String) async throws(BillingStoreError) -> TenantID? {
        try await state.read("look up the tenant of a Stripe customer") { db in
            try SubscriptionsSQL.tenant(customerID: customerID, db)
        }
    }

    /// The Stripe customer id of `tenant`, or `nil` when the tenant has none yet.
    public func stripeCustomerID(for tenant: TenantID) async throws(BillingStoreError) -> String? {
        try await subscription(for: tenant)?.customerID
    }

    /// Stores `record` as the tenant's state, replacing what was there (for imports and tests;
    /// webhooks go through ``StripeWebhookHandler``).
    public func save(_ record: TenantSubscription) async throws(BillingStoreError) {
        try await state.write("save the subscription of tenant \(record.tenant)") { db in
            try SubscriptionsSQL.save(record, db)
        }
    }
}
