import DaiBaiCore
import Foundation

/// What DaiBai knows of a tenant's Stripe billing: its customer and its subscription.
public struct TenantSubscription: Sendable, Hashable {
    /// The tenant.
    public var tenant: TenantID
    /// The Stripe customer (`cus_…`), once known.
    public var customerID: String?
    /// The Stripe subscription (`sub_…`), once known.
    public var subscriptionID: String?
    /// The plan: the subscription item's price id (`price_…`), once known.
    public var planID: String?
    /// The status, once a subscription is known.
    public var status: SubscriptionStatus?
    /// The start of the current billing period.
    public var currentPeriodStart: Date?
    /// The end of the current billing period.
    public var currentPeriodEnd: Date?
    /// The Stripe `created` time (unix seconds) of the newest event applied to the subscription;
    /// older events are not applied over it.
    public var stateTimestamp: Int64

    /// Creates a record.
    public init(tenant: TenantID, customerID: String? = nil, subscriptionID: String? = nil, planID: String? = nil, status: SubscriptionStatus? = nil, currentPeriodStart: Date? = nil, currentPeriodEnd: Date? = nil, stateTimestamp: Int64 = 0) {
        self.tenant = tenant
        self.customerID = customerID
        self.subscriptionID = subscriptionID
        self.planID = planID
        self.status = status
        self.currentPeriodStart = currentPeriodStart
        self.currentPeriodEnd = currentPeriodEnd
        self.stateTimestamp = stateTimestamp
    }
}
