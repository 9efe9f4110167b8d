import DaiBaiCore
import Foundation

/// Aggregated usage of one tenant and kind over a period.
public struct UsageTotal: Sendable, Hashable {
    /// The tenant.
    public var tenant: TenantID
    /// What was counted.
    public var kind: UsageKind
    /// The period (start included, end excluded).
    public var period: DateInterval
    /// The sum of the events' quantities.
    public var quantity: Int
    /// How many events were summed.
    public var eventCount: Int
    /// The sum of the events' estimated costs (events without one count as zero).
    public var estimatedCostUSD: Decimal

    /// Creates a total.
    public init(tenant: TenantID, kind: UsageKind, period: DateInterval, quantity: Int, eventCount: Int, estimatedCostUSD: Decimal) {
        self.tenant = tenant
        self.kind = kind
        self.period = period
        self.quantity = quantity
        self.eventCount = eventCount
        self.estimatedCostUSD = estimatedCostUSD
    }
}
