import Foundation
import GRDB

/// A ``WrappedKeyStore`` kept in a local SQLite database (table `byok_keys`).
///
/// Rows are keyed by (tenant, user, provider) and every query filters by the caller's
/// tenant (and user, except ``tenantRecords(context:)``). The row holds ciphertext only:
/// the sealed key and the wrapped data key.
public final class SQLiteWrappedKeyStore: WrappedKeyStore {
    /// The database the store lives in (it can be shared with other stores).
    public let database: SQLiteDatabase

    /// Uses `database`, applying the migration `byok.v1` when needed.
    public init(database: SQLiteDatabase) throws(WrappedKeyStoreError) {
        self.database = database
        try database.migrate(Self.migrator, operation: "migrate key vault tables", mapError: Self.backend)
    }

    /// Opens (creating if needed) the database file at `path` and uses it.
    public convenience init(path: String) throws(WrappedKeyStoreError) {
        let database: SQLiteDatabase
        do { database = try SQLiteDatabase(path: path) } catch { throw Self.backend(error) }
        try self.init(database: database)
    }

    static func backend(_ error: SQLiteDatabaseError) -> WrappedKeyStoreError { .unavailable(error.description) }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("byok.v1") { db in
            try db.execute(sql: """
                CREATE TABLE byok_keys (
                    tenant_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    key_version INTEGER NOT NULL,
                    last_four TEXT NOT NULL,
                    sealed_key BLOB NOT NULL,
                    kek_id TEXT NOT NULL,
                    kek_version TEXT NOT NULL,
                    wrap_algorithm TEXT NOT NULL,
                    wrapped_key BLOB NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, user_id, provider)
                );
                """)
        }
        return migrator
    }

    /// The caller's record for `provider`.
    public func record(provider: String, context: RequestContext) async throws(WrappedKeyStoreError) -> WrappedKeyRecord? {
        return try await database.read("read provider key", mapError: Self.backend) { db in
            try Row.fetchAll(db, sql: "SELECT * FROM byok_keys WHERE tenant_id = ? AND user_id = ? AND provider = ?",
                             arguments: [context.tenant.rawValue, context.user.rawValue, provider]).map { try Self.record(from: $0) }.first
        }
    }

    /// Inserts or replaces `record` if the stored version is still `expectedVersion`.
    public func save(_ record: WrappedKeyRecord, expectedVersion: Int?, context: RequestContext) async throws(WrappedKeyStoreError) {
        guard record.tenant == context.tenant, record.user == context.user else {
            throw .unavailable("a record of \(record.tenant)/\(record.user) cannot be saved for \(context)")
        }
        let saved = try await database.write("save provider key", mapError: Self.backend) { db -> Bool in
            let current = try Int.fetchOne(
                db, sql: "SELECT key_version FROM byok_keys WHERE tenant_id = ? AND user_id = ? AND provider = ?",
                arguments: [context.tenant.rawValue, context.user.rawValue, record.provider])
            guard current == expectedVersion else { return false }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO byok_keys (tenant_id, user_id, provider, key_version, last_four, sealed_key,
                        kek_id, kek_version, wrap_algorithm, wrapped_key, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    context.tenant.rawValue, context.user.rawValue, record.provider, record.keyVersion, record.lastFour,
                    Data(record.sealedKey), record.wrappedDataKey.keyID, record.wrappedDataKey.keyVersion,
                    record.wrappedDataKey.algorithm, Data(record.wrappedDataKey.bytes), SQLiteTime.milliseconds(record.updatedAt),
                ])
            return true
        }
        guard saved else { throw .conflict(provider: record.provider) }
    }

    /// Deletes the caller's record for `provider`.
    @discardableResult
    public func delete(provider: String, context: RequestContext) async throws(WrappedKeyStoreError) -> Bool {
        try await database.write("delete provider key", mapError: Self.backend) { db in
            try db.execute(sql: "DELETE FROM byok_keys WHERE tenant_id = ? AND user_id = ? AND provider = ?",
                           arguments: [context.tenant.rawValue, context.user.rawValue, provider])
            return db.changesCount > 0
        }
    }

    /// The caller's records.
    public func records(context: RequestContext) async throws(WrappedKeyStoreError) -> [WrappedKeyRecord] {
        return try await database.read("list provider keys", mapError: Self.backend) { db in
            try Row.fetchAll(db, sql: "SELECT * FROM byok_keys WHERE tenant_id = ? AND user_id = ? ORDER BY provider",
                             arguments: [context.tenant.rawValue, context.user.rawValue]).map { try Self.record(from: $0) }
        }
    }

    /// Every record of the caller's tenant.
    public func tenantRecords(context: RequestContext) async throws(WrappedKeyStoreError) -> [WrappedKeyRecord] {
        return try await database.read("list tenant provider keys", mapError: Self.backend) { db in
            try Row.fetchAll(db, sql: "SELECT * FROM byok_keys WHERE tenant_id = ? ORDER BY user_id, provider",
                             arguments: [context.tenant.rawValue]).map { try Self.record(from: $0) }
        }
    }

    private static func record(from row: Row) throws(WrappedKeyStoreError) -> WrappedKeyRecord {
        let tenantText: String = row["tenant_id"]
        let userText: String = row["user_id"]
        guard let tenant = TenantID(rawValue: tenantText), let user = UserID(rawValue: userText) else {
            throw .corrupt("a key entry has an invalid tenant or user id")
        }
        let sealed: Data = row["sealed_key"]
        let wrapped: Data = row["wrapped_key"]
        return WrappedKeyRecord(
            tenant: tenant, user: user, provider: row["provider"], keyVersion: row["key_version"], lastFour: row["last_four"],
            sealedKey: Array(sealed),
            wrappedDataKey: WrappedDataKey(keyID: row["kek_id"], keyVersion: row["kek_version"], algorithm: row["wrap_algorithm"], bytes: Array(wrapped)),
            updatedAt: SQLiteTime.date(milliseconds: row["updated_at"]))
    }
}
