import DaiBaiCore
import Foundation
import GRDB
import Logging

/// A ``UsageLedger`` in a local SQLite file (Core's `SQLiteDatabase`: GRDB, WAL,
/// `synchronous=FULL`), so recorded events survive a crash of the process and a power loss.
///
/// Events are keyed by their id (`INSERT … ON CONFLICT DO NOTHING`), times are kept to the
/// millisecond, and the schema is created by the migrations `usage_ledger.v1` and
/// `usage_ledger.v2` (which adds each event's `payer`; events recorded before it read back as
/// paid by the platform), so the ledger can share a file with other stores.
public final class SQLiteUsageLedger: UsageLedger {
    /// The database the ledger lives in.
    public let database: SQLiteDatabase
    private let logger: Logger

    /// The file path, or `nil` for an in-memory ledger.
    public var path: String? { database.path }

    /// Uses `database`, applying the ledger migration when needed. Open the database with
    /// `synchronous: .full` when events must survive a power loss.
    /// - Parameters:
    ///   - database: The database to use.
    ///   - logger: Where diagnostics go; nothing is logged by default.
    public init(
        database: SQLiteDatabase,
        logger: Logger = Logger(label: "daibai.billing.ledger", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(BillingStoreError) {
        self.database = database
        self.logger = logger
        try database.migrate(LedgerSQLiteSchema.migrator, operation: "migrate the usage ledger", mapError: BillingStoreError.init)
    }

    /// Opens (creating if needed) the ledger file at `path` with `synchronous=FULL`; its
    /// directory is created (0700) when missing and the file is readable by its owner only.
    /// - Parameters:
    ///   - path: The database file path.
    ///   - busyTimeout: How long a write waits for a lock held by another process.
    ///   - logger: Where diagnostics go; nothing is logged by default.
    public convenience init(
        path: String,
        busyTimeout: Duration = .seconds(5),
        logger: Logger = Logger(label: "daibai.billing.ledger", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(BillingStoreError) {
        let database = try BillingSQLiteDatabase.open(
            path: path, busyTimeout: busyTimeout, synchronous: .full, label: "daibai.billing.ledger", logger: logger)
        try self.init(database: database, logger: logger)
    }

    /// A private in-memory ledger, gone when released. Meant for tests.
    public static func inMemory(
        logger: Logger = Logger(label: "daibai.billing.ledger", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(BillingStoreError) -> SQLiteUsageLedger {
        try SQLiteUsageLedger(database: try BillingSQLiteDatabase.inMemory(label: "daibai.billing.ledger.memory", logger: logger), logger: logger)
    }

    /// Closes the database; later calls fail with ``BillingStoreError/storage(operation:detail:)``.
    public func close() throws(BillingStoreError) {
        try BillingSQLiteDatabase.close(database)
    }

    // MARK: - UsageLedger

    /// Commits `events` in one transaction; ids already stored are ignored.
    public func record(_ events: [UsageEvent]) async throws(BillingStoreError) {
        guard !events.isEmpty else { return }
        let rows = events.map(LedgerSQLiteRow.init(event:))
        let now = BillingSQLiteTime.milliseconds(Date())
        let inserted = try await write("record usage events") { db in
            var inserted = 0
            for row in rows {
                try db.execute(
                    sql: """
                        INSERT INTO usage_ledger
                            (id, tenant_id, user_id, kind, provider, model, quantity, estimated_cost_usd,
                             occurred_at, recorded_at, status, payer)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
                        ON CONFLICT(id) DO NOTHING
                        """,
                    arguments: [
                        row.id, row.tenant, row.user, row.kind, row.provider, row.model, row.quantity,
                        row.estimatedCost, row.occurredAt, now, row.payer,
                    ])
                inserted += db.changesCount
            }
            return inserted
        }
        logger.debug("Recorded usage events", metadata: ["received": "\(events.count)", "new": "\(inserted)"])
    }

    /// Pending events oldest first, after `cursor` when given.
    public func unreported(limit: Int, after cursor: UsageLedgerCursor?) async throws(BillingStoreError) -> [UsageEvent] {
        let limit = max(0, limit)
        guard limit > 0 else { return [] }
        let rows: [LedgerSQLiteRow] = try await read("read unreported usage events") { db in
            let statement: String
            var arguments: StatementArguments
            if let cursor {
                let at = BillingSQLiteTime.milliseconds(cursor.timestamp)
                let id = cursor.id.uuidString.lowercased()
                statement = """
                    SELECT * FROM usage_ledger
                    WHERE status = 'pending' AND (occurred_at > ? OR (occurred_at = ? AND id > ?))
                    ORDER BY occurred_at, id LIMIT ?
                    """
                arguments = [at, at, id, limit]
            } else {
                statement = "SELECT * FROM usage_ledger WHERE status = 'pending' ORDER BY occurred_at, id LIMIT ?"
                arguments = [limit]
            }
            return try Row.fetchAll(db, sql: statement, arguments: arguments).map(LedgerSQLiteRow.init(row:))
        }
        var events: [UsageEvent] = []
        events.reserveCapacity(rows.count)
        for row in rows { events.append(try row.event()) }
        return events
    }

    /// Marks pending events reported.
    public func markReported(_ ids: [UUID], at date: Date) async throws(BillingStoreError) {
        guard !ids.isEmpty else { return }
        let keys = ids.map { $0.uuidString.lowercased() }
        let at = BillingSQLiteTime.milliseconds(date)
        try await write("mark usage events reported") { db in
            for key in keys {
                try db.execute(
                    sql: "UPDATE usage_ledger SET status = 'reported', settled_at = ? WHERE id = ? AND status = 'pending'",
                    arguments: [at, key])
            }
        }
    }

    /// Flags a pending event rejected.
    public func markRejected(_ id: UUID, reason: String, at date: Date) async throws(BillingStoreError) {
        let key = id.uuidString.lowercased()
        let at = BillingSQLiteTime.milliseconds(date)
        try await write("mark a usage event rejected") { db in
            try db.execute(
                sql: """
                    UPDATE usage_ledger SET status = 'rejected', settled_at = ?, rejection_reason = ?
                    WHERE id = ? AND status = 'pending'
                    """,
                arguments: [at, reason, key])
        }
    }

    /// Settles pending events as not charged by the platform (never sent).
    public func markNotCharged(_ ids: [UUID], at date: Date) async throws(BillingStoreError) {
        guard !ids.isEmpty else { return }
        let keys = ids.map { $0.uuidString.lowercased() }
        let at = BillingSQLiteTime.milliseconds(date)
        try await write("mark usage events not charged") { db in
            for key in keys {
                try db.execute(
                    sql: "UPDATE usage_ledger SET status = 'not_charged', settled_at = ? WHERE id = ? AND status = 'pending'",
                    arguments: [at, key])
            }
        }
    }

    /// Returns the rejected events among `ids` to pending; returns how many changed.
    @discardableResult
    public func requeue(_ ids: [UUID]) async throws(BillingStoreError) -> Int {
        guard !ids.isEmpty else { return 0 }
        let keys = ids.map { $0.uuidString.lowercased() }
        let requeued = try await write("requeue rejected usage events") { db in
            var changed = 0
            for key in keys {
                try db.execute(
                    sql: """
                        UPDATE usage_ledger SET status = 'pending', settled_at = NULL, rejection_reason = NULL
                        WHERE id = ? AND status = 'rejected'
                        """,
                    arguments: [key])
                changed += db.changesCount
            }
            return changed
        }
        logger.info("Requeued rejected usage events", metadata: ["requested": "\(ids.count)", "requeued": "\(requeued)"])
        return requeued
    }

    /// The status of event `id`.
    public func status(of id: UUID) async throws(BillingStoreError) -> UsageLedgerStatus? {
        let key = id.uuidString.lowercased()
        let row: LedgerSQLiteRow? = try await read("read a usage event's status") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM usage_ledger WHERE id = ?", arguments: [key]).map(LedgerSQLiteRow.init(row:))
        }
        return try row?.status()
    }

    /// The number of pending events.
    public func pendingCount() async throws(BillingStoreError) -> Int {
        try await read("count pending usage events") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM usage_ledger WHERE status = 'pending'") ?? 0
        }
    }

    /// Sums the usage of `tenant` and `kind` in `period`, all of it and the platform-charged part.
    public func totals(tenant: TenantID, period: DateInterval, kind: UsageKind) async throws(BillingStoreError) -> UsageTotal {
        let start = BillingSQLiteTime.milliseconds(period.start)
        let end = BillingSQLiteTime.milliseconds(period.end)
        let tenantKey = tenant.rawValue
        let (groups, costs): ([(payer: String, quantity: Int, count: Int)], [(payer: String, cost: String)]) = try await read("sum usage") { db in
            let arguments: StatementArguments = [tenantKey, kind.rawValue, start, end]
            let filter = "tenant_id = ? AND kind = ? AND occurred_at >= ? AND occurred_at < ?"
            let groups = try Row.fetchAll(
                db, sql: """
                    SELECT payer, COALESCE(SUM(quantity), 0) AS quantity, COUNT(*) AS count
                    FROM usage_ledger WHERE \(filter) GROUP BY payer
                    """,
                arguments: arguments
            ).map { row in (payer: row["payer"] as String, quantity: row["quantity"] as Int, count: row["count"] as Int) }
            let costs = try Row.fetchAll(
                db, sql: "SELECT payer, estimated_cost_usd FROM usage_ledger WHERE \(filter) AND estimated_cost_usd IS NOT NULL",
                arguments: arguments
            ).map { row in (payer: row["payer"] as String, cost: row["estimated_cost_usd"] as String) }
            return (groups, costs)
        }
        var quantity = 0, count = 0, chargedQuantity = 0, chargedCount = 0
        for group in groups {
            let charged = try Self.isCharged(kind, payer: group.payer, tenant: tenant)
            quantity += group.quantity
            count += group.count
            if charged {
                chargedQuantity += group.quantity
                chargedCount += group.count
            }
        }
        var cost = Decimal(0), chargedCost = Decimal(0)
        for entry in costs {
            guard let value = Decimal(string: entry.cost, locale: Locale(identifier: "en_US_POSIX")) else {
                throw .corruptRecord("an estimated cost of tenant \(tenant) is not a decimal number")
            }
            cost += value
            if try Self.isCharged(kind, payer: entry.payer, tenant: tenant) { chargedCost += value }
        }
        return UsageTotal(
            tenant: tenant, kind: kind, period: period, quantity: quantity, eventCount: count, estimatedCostUSD: cost,
            platformChargedQuantity: chargedQuantity, platformChargedEventCount: chargedCount, platformChargedCostUSD: chargedCost)
    }

    /// Whether usage of `kind` paid by the stored `payer` is charged; an unknown payer is corrupt.
    private static func isCharged(_ kind: UsageKind, payer: String, tenant: TenantID) throws(BillingStoreError) -> Bool {
        guard let usagePayer = UsagePayer(rawValue: payer) else {
            throw .corruptRecord("a usage event of tenant \(tenant) has an unknown payer '\(payer)'")
        }
        return PlatformCharge.isCharged(kind, payer: usagePayer)
    }

    // MARK: - Helpers

    private func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(BillingStoreError) -> T {
        try await database.read(operation, mapError: BillingStoreError.init, body)
    }

    @discardableResult
    private func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(BillingStoreError) -> T {
        try await database.write(operation, mapError: BillingStoreError.init, body)
    }
}
