import DaiBaiCore

/// Maps a tenant to its Stripe customer (`cus_…`), which meter events are billed to.
///
/// The subscription store implements it from `checkout.session.completed` and
/// `customer.subscription.*` webhooks; tests and single-customer deployments can use
/// ``StaticStripeCustomerLookup``.
public protocol StripeCustomerLookup: Sendable {
    /// The Stripe customer id of `tenant`, or `nil` when the tenant has none yet.
    func stripeCustomerID(for tenant: TenantID) async throws(BillingStoreError) -> String?
}

/// A fixed tenant → customer map.
public struct StaticStripeCustomerLookup: StripeCustomerLookup {
    /// The customers by tenant.
    public var customers: [TenantID: String]

    /// Creates the lookup.
    public init(_ customers: [TenantID: String]) { self.customers = customers }

    /// The customer of `tenant` from the map.
    public func stripeCustomerID(for tenant: TenantID) async throws(BillingStoreError) -> String? { customers[tenant] }
}
