import DaiBaiCore
import Metrics

/// The reporter's counters, created once per reporter.
struct MeterReporterCounters: Sendable {
    let reported: Counter
    let duplicate: Counter
    let rejected: Counter
    let failed: Counter
    let notCharged: Counter

    init(factory: any MetricsFactory) {
        let label = "daibai_meter_events_total"
        reported = Counter(label: label, dimensions: [("outcome", "reported")], factory: factory)
        duplicate = Counter(label: label, dimensions: [("outcome", "duplicate")], factory: factory)
        rejected = Counter(label: label, dimensions: [("outcome", "rejected")], factory: factory)
        failed = Counter(label: label, dimensions: [("outcome", "failed")], factory: factory)
        notCharged = Counter(label: label, dimensions: [("outcome", "not_charged")], factory: factory)
    }
}

/// The tenant → customer answers of one drain, so each tenant is looked up once per drain.
struct MeterCustomerCache {
    private var known: [TenantID: String?] = [:]
    /// Events per tenant left pending for want of a customer.
    private(set) var waiting: [TenantID: Int] = [:]

    mutating func customer(for tenant: TenantID, using lookup: any StripeCustomerLookup) async throws(BillingStoreError) -> String? {
        let customer: String?
        if let cached = known[tenant] {
            customer = cached
        } else {
            customer = try await lookup.stripeCustomerID(for: tenant)
            known[tenant] = .some(customer)
        }
        if customer == nil { waiting[tenant, default: 0] += 1 }
        return customer
    }
}
