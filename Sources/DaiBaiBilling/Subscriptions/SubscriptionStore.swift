import DaiBaiCore

/// Where tenants' Stripe customers and subscriptions are kept, as webhooks report them.
public protocol SubscriptionStore: StripeCustomerLookup {
    /// The record of `tenant`, or `nil` when Stripe has told nothing about it yet.
    func subscription(for tenant: TenantID) async throws(BillingStoreError) -> TenantSubscription?
    /// The tenant whose Stripe customer is `customerID`, or `nil` when unknown.
    func tenant(forCustomer customerID: String) async throws(BillingStoreError) -> TenantID?
}
