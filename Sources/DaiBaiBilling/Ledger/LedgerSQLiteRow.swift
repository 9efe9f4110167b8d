import DaiBaiCore
import Foundation
import GRDB

/// One row of the `usage_ledger` table, converted to and from ``UsageEvent``.
struct LedgerSQLiteRow: Sendable {
    var id: String
    var tenant: String
    var user: String
    var kind: String
    var provider: String?
    var model: String?
    var quantity: Int
    var estimatedCost: String?
    var occurredAt: Int64
    var payer: String
    var statusText: String = "pending"
    var settledAt: Int64?
    var rejectionReason: String?

    init(event: UsageEvent) {
        id = event.id.uuidString.lowercased()
        tenant = event.tenant.rawValue
        user = event.user.rawValue
        kind = event.kind.rawValue
        provider = event.provider
        model = event.model
        quantity = event.quantity
        estimatedCost = event.estimatedCostUSD.map { NSDecimalNumber(decimal: $0).description(withLocale: Locale(identifier: "en_US_POSIX")) }
        occurredAt = BillingSQLiteTime.milliseconds(event.timestamp)
        payer = event.payer.rawValue
    }

    init(row: Row) {
        id = row["id"]
        tenant = row["tenant_id"]
        user = row["user_id"]
        kind = row["kind"]
        provider = row["provider"]
        model = row["model"]
        quantity = row["quantity"]
        estimatedCost = row["estimated_cost_usd"]
        occurredAt = row["occurred_at"]
        payer = row["payer"]
        statusText = row["status"]
        settledAt = row["settled_at"]
        rejectionReason = row["rejection_reason"]
    }

    func event() throws(BillingStoreError) -> UsageEvent {
        guard let uuid = UUID(uuidString: id) else { throw .corruptRecord("usage event id '\(id)' is not a UUID") }
        guard let tenantID = TenantID(rawValue: tenant), let userID = UserID(rawValue: user) else {
            throw .corruptRecord("usage event \(id) has an invalid tenant or user id")
        }
        guard let usageKind = UsageKind(rawValue: kind) else {
            throw .corruptRecord("usage event \(id) has an unknown kind '\(kind)'")
        }
        guard let usagePayer = UsagePayer(rawValue: payer) else {
            throw .corruptRecord("usage event \(id) has an unknown payer '\(payer)'")
        }
        var cost: Decimal?
        if let estimatedCost {
            guard let value = Decimal(string: estimatedCost, locale: Locale(identifier: "en_US_POSIX")) else {
                throw .corruptRecord("usage event \(id) has an estimated cost that is not a decimal number")
            }
            cost = value
        }
        return UsageEvent(
            id: uuid, tenant: tenantID, user: userID, kind: usageKind, provider: provider, model: model,
            quantity: quantity, estimatedCostUSD: cost, timestamp: BillingSQLiteTime.date(milliseconds: occurredAt),
            payer: usagePayer)
    }

    func status() throws(BillingStoreError) -> UsageLedgerStatus {
        switch statusText {
        case "pending": return .pending
        case "reported": return .reported(at: BillingSQLiteTime.date(milliseconds: settledAt ?? 0))
        case "rejected": return .rejected(reason: rejectionReason ?? "", at: BillingSQLiteTime.date(milliseconds: settledAt ?? 0))
        case "not_charged": return .notCharged(at: BillingSQLiteTime.date(milliseconds: settledAt ?? 0))
        default: throw .corruptRecord("usage event \(id) has an unknown status '\(statusText)'")
        }
    }
}
