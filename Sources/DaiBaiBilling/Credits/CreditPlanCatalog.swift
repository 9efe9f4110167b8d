/// The plans that grant credits, by Stripe price id.
public struct CreditPlanCatalog: Sendable, Hashable {
    /// The plans by id.
    public let plans: [String: CreditPlan]

    /// Creates a catalog; for duplicate ids the last plan wins.
    public init(_ plans: [CreditPlan]) {
        var byID: [String: CreditPlan] = [:]
        for plan in plans { byID[plan.id] = plan }
        self.plans = byID
    }

    /// The plan with price or plan id `id`, if any.
    public func plan(id: String) -> CreditPlan? { plans[id] }

    /// The first of `ids` that names a plan.
    public func firstPlan(among ids: [String]) -> CreditPlan? {
        ids.lazy.compactMap { plans[$0] }.first
    }
}
