import DaiBaiCore
import Foundation
import GRDB

/// The subscription rows, read and written inside a caller's transaction.
enum SubscriptionsSQL {
    static func fetch(tenant: TenantID, _ db: Database) throws -> TenantSubscription? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM subscriptions_tenants WHERE tenant_id = ?", arguments: [tenant.rawValue]) else {
            return nil
        }
        return try record(row)
    }

    static func tenant(customerID: String, _ db: Database) throws -> TenantID? {
        try String.fetchOne(db, sql: "SELECT tenant_id FROM subscriptions_tenants WHERE customer_id = ? LIMIT 1", arguments: [customerID])
            .flatMap(TenantID.init(rawValue:))
    }

    static func tenant(subscriptionID: String, _ db: Database) throws -> TenantID? {
        try String.fetchOne(db, sql: "SELECT tenant_id FROM subscriptions_tenants WHERE subscription_id = ? LIMIT 1", arguments: [subscriptionID])
            .flatMap(TenantID.init(rawValue:))
    }

    static func save(_ record: TenantSubscription, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO subscriptions_tenants
                (tenant_id, customer_id, subscription_id, plan_id, status, current_period_start, current_period_end, state_timestamp)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id) DO UPDATE SET
                customer_id = excluded.customer_id, subscription_id = excluded.subscription_id,
                plan_id = excluded.plan_id, status = excluded.status,
                current_period_start = excluded.current_period_start, current_period_end = excluded.current_period_end,
                state_timestamp = excluded.state_timestamp
            """, arguments: [
                record.tenant.rawValue, record.customerID, record.subscriptionID, record.planID, record.status?.rawValue,
                record.currentPeriodStart.map(seconds), record.currentPeriodEnd.map(seconds), record.stateTimestamp,
            ])
    }

    private static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded()) }

    private static func record(_ row: Row) throws -> TenantSubscription {
        let tenantValue: String = row["tenant_id"]
        guard let tenant = TenantID(rawValue: tenantValue) else {
            throw BillingStoreError.corruptRecord("the subscription row has an invalid tenant id")
        }
        let statusValue: String? = row["status"]
        var status: SubscriptionStatus?
        if let statusValue {
            guard let parsed = SubscriptionStatus(rawValue: statusValue) else {
                throw BillingStoreError.corruptRecord("tenant \(tenant)'s subscription has the unknown status '\(statusValue)'")
            }
            status = parsed
        }
        let start: Int64? = row["current_period_start"]
        let end: Int64? = row["current_period_end"]
        return TenantSubscription(
            tenant: tenant, customerID: row["customer_id"], subscriptionID: row["subscription_id"], planID: row["plan_id"],
            status: status,
            currentPeriodStart: start.map { Date(timeIntervalSince1970: Double($0)) },
            currentPeriodEnd: end.map { Date(timeIntervalSince1970: Double($0)) },
            stateTimestamp: row["state_timestamp"])
    }
}
