import DaiBaiCore
import Foundation

/// Aggregated usage of one tenant and kind over a period.
///
/// ``quantity``, ``eventCount`` and ``estimatedCostUSD`` count every event, whoever paid for
/// it, so they show what was used. The `platformCharged…` values count only what the platform
/// charges for: for token kinds, the tokens paid with the platform's key
/// (`UsagePayer.platform`), leaving out those paid with the tenant's or the user's own key;
/// for answered questions and executed queries, everything.
public struct UsageTotal: Sendable, Hashable {
    /// The tenant.
    public var tenant: TenantID
    /// What was counted.
    public var kind: UsageKind
    /// The period (start included, end excluded).
    public var period: DateInterval
    /// The sum of the events' quantities, whoever paid for them.
    public var quantity: Int
    /// How many events were summed.
    public var eventCount: Int
    /// The sum of the events' estimated costs (events without one count as zero).
    public var estimatedCostUSD: Decimal
    /// The part of ``quantity`` the platform charges for.
    public var platformChargedQuantity: Int
    /// How many of the ``eventCount`` events the platform charges for.
    public var platformChargedEventCount: Int
    /// The part of ``estimatedCostUSD`` of the events the platform charges for.
    public var platformChargedCostUSD: Decimal

    /// Creates a total whose usage the platform charges for in full.
    public init(tenant: TenantID, kind: UsageKind, period: DateInterval, quantity: Int, eventCount: Int, estimatedCostUSD: Decimal) {
        self.init(
            tenant: tenant, kind: kind, period: period, quantity: quantity, eventCount: eventCount, estimatedCostUSD: estimatedCostUSD,
            platformChargedQuantity: quantity, platformChargedEventCount: eventCount, platformChargedCostUSD: estimatedCostUSD)
    }

    /// Creates a total of which only the `platformCharged…` part is charged by the platform.
    public init(
        tenant: TenantID, kind: UsageKind, period: DateInterval, quantity: Int, eventCount: Int, estimatedCostUSD: Decimal,
        platformChargedQuantity: Int, platformChargedEventCount: Int, platformChargedCostUSD: Decimal
    ) {
        self.tenant = tenant
        self.kind = kind
        self.period = period
        self.quantity = quantity
        self.eventCount = eventCount
        self.estimatedCostUSD = estimatedCostUSD
        self.platformChargedQuantity = platformChargedQuantity
        self.platformChargedEventCount = platformChargedEventCount
        self.platformChargedCostUSD = platformChargedCostUSD
    }
}
