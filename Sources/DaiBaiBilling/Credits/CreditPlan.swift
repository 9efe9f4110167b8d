/// A subscription plan's credit allowance: each paid invoice of the plan grants
/// ``creditsPerPeriod`` credits. Unused credits carry over to the next period.
public struct CreditPlan: Sendable, Hashable {
    /// The Stripe price id (`price_…`) or legacy plan id the subscription item uses.
    public var id: String
    /// Credits granted per paid billing period.
    public var creditsPerPeriod: Int64
    /// A display name.
    public var name: String

    /// Creates a plan.
    public init(id: String, creditsPerPeriod: Int64, name: String? = nil) {
        self.id = id
        self.creditsPerPeriod = creditsPerPeriod
        self.name = name ?? id
    }
}
