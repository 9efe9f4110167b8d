import DaiBaiCore
import Foundation

/// Usage events for the ledger tests.
enum LedgerTestEvents {
    static let acme = TenantID(rawValue: "acme")
    static let globex = TenantID(rawValue: "globex")

    /// 2026-11-01T00:00:00Z.
    static let november = Date(timeIntervalSince1970: 1_793_491_200)

    /// An event of `tenant` (acme by default) `minutes` after ``november``, paid by `payer`.
    static func event(
        _ tenant: TenantID? = acme, kind: UsageKind = .inputTokens, quantity: Int = 10,
        cost: Decimal? = nil, minutes: Double = 0, id: UUID = UUID(), payer: UsagePayer = .platform
    ) -> UsageEvent {
        UsageEvent(
            id: id, tenant: tenant ?? .local, user: .local, kind: kind, provider: "openai", model: "gpt-4o-mini",
            quantity: quantity, estimatedCostUSD: cost, timestamp: november.addingTimeInterval(minutes * 60), payer: payer)
    }
}
