import Foundation
import GRDB
import Logging

/// A ``DataInventory`` kept in a local SQLite database.
///
/// Entries are keyed by tenant and name; every query filters by the caller's tenant
/// (entries are shared by the users of a tenant). Registering a name again replaces the
/// entry but keeps its creation time. Times are kept to the millisecond; entries are
/// listed sorted by name (byte order).
public final class SQLiteDataInventory: DataInventory {
    /// The database the inventory lives in (it can be shared with other stores).
    public let database: SQLiteDatabase

    private let clock: @Sendable () -> Date
    private let logger: Logger

    /// Uses `database`, applying the inventory migrations (`inventory.v1`) when needed.
    /// - Parameters:
    ///   - database: The database to use.
    ///   - clock: The current time; inject a fixed clock for deterministic tests.
    ///   - logger: Where diagnostics go; nothing is logged by default.
    public init(
        database: SQLiteDatabase,
        clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "daibai.inventory.sqlite", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(DataInventoryError) {
        self.database = database
        self.clock = clock
        self.logger = logger
        try database.migrate(Self.migrator, operation: "migrate inventory tables", mapError: Self.backend)
    }

    /// Opens (creating if needed) the database file at `path` and uses it.
    /// - Parameters:
    ///   - path: The database file path; its directory is created when missing.
    ///   - clock: The current time; inject a fixed clock for deterministic tests.
    ///   - logger: Where diagnostics go; nothing is logged by default.
    public convenience init(
        path: String,
        clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "daibai.inventory.sqlite", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(DataInventoryError) {
        let database: SQLiteDatabase
        do {
            database = try SQLiteDatabase(path: path, logger: logger)
        } catch {
            throw Self.backend(error)
        }
        try self.init(database: database, clock: clock, logger: logger)
    }

    static func backend(_ error: SQLiteDatabaseError) -> DataInventoryError { .backend(error.description) }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("inventory.v1") { db in
            try db.execute(sql: """
                CREATE TABLE data_servers (
                    tenant_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    dialect TEXT NOT NULL,
                    location TEXT NOT NULL,
                    connection_secret TEXT NOT NULL,
                    summary TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, name)
                )
                """)
        }
        return migrator
    }

    // MARK: - DataInventory

    /// Registers `server` for the caller's tenant, replacing an entry of the same name
    /// (keeping its creation time). Throws ``DataInventoryError/invalidArgument(_:)`` for a bad name.
    @discardableResult
    public func register(_ server: DataServer, context: RequestContext) async throws(DataInventoryError) -> DataServerRecord {
        try DataInventoryRules.validateName(server.name)
        let now = SQLiteTime.rounded(clock())
        return try await database.write("register data server", mapError: Self.backend) { db in
            let existing = try Int64.fetchOne(
                db, sql: "SELECT created_at FROM data_servers WHERE tenant_id = ? AND name = ?",
                arguments: [context.tenant.rawValue, server.name])
            let createdAt = existing.map(SQLiteTime.date(milliseconds:)) ?? now
            try db.execute(
                sql: """
                    INSERT INTO data_servers (tenant_id, name, dialect, location, connection_secret, summary, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id, name) DO UPDATE SET
                        dialect = excluded.dialect, location = excluded.location,
                        connection_secret = excluded.connection_secret, summary = excluded.summary,
                        updated_at = excluded.updated_at
                    """,
                arguments: [
                    context.tenant.rawValue, server.name, server.dialect.rawValue, server.location.rawValue,
                    server.connectionSecret.rawValue, server.summary,
                    SQLiteTime.milliseconds(createdAt), SQLiteTime.milliseconds(now),
                ])
            return DataServerRecord(tenant: context.tenant, server: server, createdAt: createdAt, updatedAt: now)
        }
    }

    /// The caller's tenant's entry `name`, or `nil` (also for another tenant's).
    public func server(named name: String, context: RequestContext) async throws(DataInventoryError) -> DataServerRecord? {
        try DataInventoryRules.validateName(name)
        return try await database.read("read data server", mapError: Self.backend) { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM data_servers WHERE tenant_id = ? AND name = ?",
                arguments: [context.tenant.rawValue, name])
            return try row.map(Self.record(from:))
        }
    }

    /// The caller's tenant's entries, sorted by name.
    public func servers(context: RequestContext) async throws(DataInventoryError) -> [DataServerRecord] {
        try await database.read("list data servers", mapError: Self.backend) { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM data_servers WHERE tenant_id = ? ORDER BY name ASC",
                arguments: [context.tenant.rawValue])
            return try rows.map(Self.record(from:))
        }
    }

    /// Removes the caller's tenant's entry `name`; throws ``DataInventoryError/notFound(name:)`` when there is none.
    public func remove(named name: String, context: RequestContext) async throws(DataInventoryError) {
        try DataInventoryRules.validateName(name)
        try await database.write("remove data server", mapError: Self.backend) { db in
            try db.execute(
                sql: "DELETE FROM data_servers WHERE tenant_id = ? AND name = ?",
                arguments: [context.tenant.rawValue, name])
            if db.changesCount == 0 { throw DataInventoryError.notFound(name: name) }
        }
    }

    // MARK: - Rows

    private static func record(from row: Row) throws -> DataServerRecord {
        let tenantRaw: String = try row.decode(String.self, forColumn: "tenant_id")
        let name: String = try row.decode(String.self, forColumn: "name")
        let dialectRaw: String = try row.decode(String.self, forColumn: "dialect")
        let locationRaw: String = try row.decode(String.self, forColumn: "location")
        let secretRaw: String = try row.decode(String.self, forColumn: "connection_secret")
        guard let tenant = TenantID(rawValue: tenantRaw),
            let dialect = SQLDialect(rawValue: dialectRaw),
            let location = DataServerLocation(rawValue: locationRaw),
            let secret = SecretName(rawValue: secretRaw)
        else {
            throw DataInventoryError.backend(
                "read data server failed: the stored entry '\(name)' has an invalid tenant, dialect, location or secret name")
        }
        return DataServerRecord(
            tenant: tenant,
            server: DataServer(
                name: name, dialect: dialect, location: location, connectionSecret: secret,
                summary: try row.decode(String?.self, forColumn: "summary")),
            createdAt: SQLiteTime.date(milliseconds: try row.decode(Int64.self, forColumn: "created_at")),
            updatedAt: SQLiteTime.date(milliseconds: try row.decode(Int64.self, forColumn: "updated_at")))
    }
}
