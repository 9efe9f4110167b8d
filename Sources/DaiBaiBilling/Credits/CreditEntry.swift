import DaiBaiCore
import Foundation

/// One movement of a tenant's credit balance.
public struct CreditEntry: Sendable, Hashable {
    /// What moved the balance.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A top-up through ``SQLiteCreditsStore/grant(tenant:amount:reason:id:)``.
        case topUp = "top_up"
        /// A plan's allowance, granted by a paid invoice.
        case invoice
        /// Usage debited from recorded events.
        case usage
    }

    /// The idempotency id: `top_up:<id>`, `invoice:<in_…>` or `usage:<event UUID>`.
    public var id: String
    /// The tenant.
    public var tenant: TenantID
    /// Credits added (positive) or spent (negative).
    public var amount: Int64
    /// What moved the balance.
    public var kind: Kind
    /// Why, in words.
    public var reason: String
    /// When it was recorded, to the millisecond.
    public var createdAt: Date

    /// Creates an entry.
    public init(id: String, tenant: TenantID, amount: Int64, kind: Kind, reason: String, createdAt: Date) {
        self.id = id
        self.tenant = tenant
        self.amount = amount
        self.kind = kind
        self.reason = reason
        self.createdAt = createdAt
    }
}
