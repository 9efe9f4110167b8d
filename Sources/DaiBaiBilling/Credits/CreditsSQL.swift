import DaiBaiCore
import Foundation
import GRDB

/// Credit entries and reservations, read and written inside a caller's transaction.
enum CreditsSQL {
    /// Inserts an entry unless its id exists, and moves the tenant's running balance by its
    /// amount; returns whether it was inserted.
    static func insert(id: String, tenant: TenantID, amount: Int64, kind: CreditEntry.Kind, reason: String, at date: Date, _ db: Database) throws -> Bool {
        try db.execute(sql: """
            INSERT INTO credits_entries (id, tenant_id, amount, kind, reason, created_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
            """, arguments: [id, tenant.rawValue, amount, kind.rawValue, reason, BillingSQLiteTime.milliseconds(date)])
        guard db.changesCount > 0 else { return false }
        try db.execute(sql: """
            INSERT INTO credits_balances (tenant_id, balance) VALUES (?, ?)
            ON CONFLICT (tenant_id) DO UPDATE SET balance = balance + excluded.balance
            """, arguments: [tenant.rawValue, amount])
        return true
    }

    /// The running balance: the sum of the tenant's entries, kept in the same transactions.
    static func balance(tenant: TenantID, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT balance FROM credits_balances WHERE tenant_id = ?", arguments: [tenant.rawValue]) ?? 0
    }

    /// The credits held by reservations made after `since`.
    static func reserved(tenant: TenantID, since: Date, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(amount), 0) FROM credits_reservations WHERE tenant_id = ? AND created_at >= ?", arguments: [tenant.rawValue, BillingSQLiteTime.milliseconds(since)]) ?? 0
    }

    static func reserve(requestID: UUID, tenant: TenantID, amount: Int64, at date: Date, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO credits_reservations (request_id, tenant_id, amount, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (request_id) DO NOTHING
            """, arguments: [requestID.uuidString, tenant.rawValue, amount, BillingSQLiteTime.milliseconds(date)])
    }

    static func release(requestID: UUID, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM credits_reservations WHERE request_id = ?", arguments: [requestID.uuidString])
    }

    /// Deletes every tenant's reservations made before `before` (requests that never settled).
    static func purgeReservations(before: Date, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM credits_reservations WHERE created_at < ?", arguments: [BillingSQLiteTime.milliseconds(before)])
    }

    /// Debits the cost of each event once (by event id); returns the credits newly debited.
    /// Events that cost nothing (token events not paid by the platform, say) leave no entry.
    static func debit(_ events: [UsageEvent], pricing: CreditPricing, at date: Date, _ db: Database) throws -> Int64 {
        var debited: Int64 = 0
        for event in events {
            let cost = pricing.credits(for: event)
            guard cost > 0 else { continue }
            let reason = "\(event.quantity) \(event.kind.rawValue)" + (event.model.map { " on \($0)" } ?? "")
            if try insert(id: "usage:\(event.id.uuidString)", tenant: event.tenant, amount: -cost, kind: .usage, reason: reason, at: date, db) {
                debited += cost
            }
        }
        return debited
    }

    static func entries(tenant: TenantID, _ db: Database) throws -> [CreditEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM credits_entries WHERE tenant_id = ? ORDER BY created_at, rowid", arguments: [tenant.rawValue]).map { row in
            let kindValue: String = row["kind"]
            guard let kind = CreditEntry.Kind(rawValue: kindValue) else {
                throw BillingStoreError.corruptRecord("credit entry of tenant \(tenant) has the unknown kind '\(kindValue)'")
            }
            let created: Int64 = row["created_at"]
            return CreditEntry(id: row["id"], tenant: tenant, amount: row["amount"], kind: kind, reason: row["reason"], createdAt: BillingSQLiteTime.date(milliseconds: created))
        }
    }
}
