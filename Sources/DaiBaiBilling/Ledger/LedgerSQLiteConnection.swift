import DaiBaiCore
import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens the ledger's GRDB connection and holds its schema.
///
/// Core's `SQLiteDatabase` keeps its query helpers internal to DaiBaiCore, so the ledger
/// opens its own pool with the same settings (WAL, busy timeout, owner-only file) plus
/// `synchronous=FULL`: a committed usage event must survive a power loss, not only a crash.
enum LedgerSQLiteConnection {
    static func openFile(path: String, busyTimeout: Duration) throws(BillingStoreError) -> any DatabaseWriter {
        let operation = "open the usage ledger at \(path)"
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            do {
                try FileManager.default.createDirectory(
                    atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .storage(operation: operation, detail: "cannot create the directory \(parent): \(error.localizedDescription)")
            }
        }
        var configuration = configuration(label: "daibai.billing.ledger")
        let seconds = Double(busyTimeout.components.seconds) + Double(busyTimeout.components.attoseconds) / 1e18
        configuration.busyMode = .timeout(max(0, seconds))
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw storageError(operation, error)
        }
        _ = chmod(path, 0o600)
        return pool
    }

    static func openInMemory() throws(BillingStoreError) -> any DatabaseWriter {
        do {
            return try DatabaseQueue(configuration: configuration(label: "daibai.billing.ledger.memory"))
        } catch {
            throw storageError("open an in-memory usage ledger", error)
        }
    }

    private static func configuration(label: String) -> Configuration {
        var configuration = Configuration()
        configuration.label = label
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("usage_ledger.v1") { db in
            try db.execute(sql: """
                CREATE TABLE usage_ledger (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant_id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    provider TEXT,
                    model TEXT,
                    quantity INTEGER NOT NULL,
                    estimated_cost_usd TEXT,
                    occurred_at INTEGER NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'reported', 'rejected')),
                    settled_at INTEGER,
                    rejection_reason TEXT
                );
                CREATE INDEX usage_ledger_pending ON usage_ledger (status, occurred_at, id);
                CREATE INDEX usage_ledger_totals ON usage_ledger (tenant_id, kind, occurred_at);
                """)
        }
        return migrator
    }

    /// `error` as a storage error naming `operation` (SQLite's code and message, never arguments).
    static func storageError(_ operation: String, _ error: any Error) -> BillingStoreError {
        if let error = error as? BillingStoreError { return error }
        if let error = error as? GRDB.DatabaseError {
            return .storage(operation: operation, detail: "SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "no message")")
        }
        if error is CancellationError { return .storage(operation: operation, detail: "the task was cancelled") }
        return .storage(operation: operation, detail: "\(type(of: error)): \(error)")
    }
}
