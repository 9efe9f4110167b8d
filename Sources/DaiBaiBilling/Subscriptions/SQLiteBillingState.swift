import DaiBaiCore
import Foundation
import GRDB
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The SQLite file that holds subscriptions, credits and processed webhook events.
///
/// One file, so a webhook's effect (a subscription change, a credit grant) and the record that
/// its event was processed commit in one transaction. A file database is a GRDB pool in WAL
/// mode; writes are serialised, which is what makes credit reservations atomic. Share one
/// instance between ``SQLiteSubscriptionStore``, ``SQLiteCreditsStore`` and ``StripeWebhookHandler``.
public final class SQLiteBillingState: Sendable {
    /// The file path, or `nil` for an in-memory database.
    public let path: String?
    let writer: any DatabaseWriter
    let logger: Logger
    private let closed = Atomic<Bool>(false)

    /// Opens (creating if needed) the file at `path` and applies the billing migrations.
    /// The parent directory is created with mode 0700 and the file gets mode 0600.
    public convenience init(
        path: String,
        busyTimeout: Duration = .seconds(5),
        logger: Logger = Logger(label: "daibai.billing", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(BillingStoreError) {
        let operation = "open the billing database at \(path)"
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .storage(operation: operation, detail: "cannot create the parent directory: \(error.localizedDescription)")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Double(busyTimeout.components.seconds) + Double(busyTimeout.components.attoseconds) / 1e18)
        configuration.label = "daibai.billing"
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw Self.storageError(operation, error)
        }
        _ = chmod(path, 0o600)
        try self.init(writer: pool, path: path, logger: logger)
    }

    /// A private in-memory database, gone when released. Meant for tests.
    public static func inMemory(
        logger: Logger = Logger(label: "daibai.billing", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(BillingStoreError) -> SQLiteBillingState {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue()
        } catch {
            throw storageError("open an in-memory billing database", error)
        }
        return try SQLiteBillingState(writer: queue, path: nil, logger: logger)
    }

    private init(writer: any DatabaseWriter, path: String?, logger: Logger) throws(BillingStoreError) {
        self.writer = writer
        self.path = path
        self.logger = logger
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw Self.storageError("migrate the billing database", error)
        }
    }

    /// Closes the database; later calls on it fail with a storage error. Close only once
    /// nothing uses it any more.
    public func close() throws(BillingStoreError) {
        guard !closed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        do {
            try writer.close()
        } catch {
            throw Self.storageError("close the billing database", error)
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("billing.subscriptions.v1") { db in
            try db.execute(sql: """
                CREATE TABLE subscriptions_tenants (
                    tenant_id TEXT PRIMARY KEY NOT NULL,
                    customer_id TEXT,
                    subscription_id TEXT,
                    plan_id TEXT,
                    status TEXT,
                    current_period_start INTEGER,
                    current_period_end INTEGER,
                    state_timestamp INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX subscriptions_by_customer ON subscriptions_tenants (customer_id);
                CREATE INDEX subscriptions_by_subscription ON subscriptions_tenants (subscription_id);
                CREATE TABLE webhooks_processed_events (
                    event_id TEXT PRIMARY KEY NOT NULL,
                    type TEXT NOT NULL,
                    processed_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("billing.credits.v1") { db in
            try db.execute(sql: """
                CREATE TABLE credits_entries (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant_id TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX credits_entries_by_tenant ON credits_entries (tenant_id, created_at);
                CREATE TABLE credits_balances (
                    tenant_id TEXT PRIMARY KEY NOT NULL,
                    balance INTEGER NOT NULL
                );
                CREATE TABLE credits_reservations (
                    request_id TEXT PRIMARY KEY NOT NULL,
                    tenant_id TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX credits_reservations_by_tenant ON credits_reservations (tenant_id);
                """)
        }
        return migrator
    }

    // MARK: Transactions for the billing stores

    /// Runs `body` in a read transaction; errors become ``BillingStoreError/storage(operation:detail:)``.
    func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(BillingStoreError) -> T {
        guard !closed.load(ordering: .sequentiallyConsistent) else { throw Self.closedError(operation) }
        do {
            return try await writer.read(body)
        } catch let error as BillingStoreError {
            throw error
        } catch {
            let mapped = Self.storageError(operation, error)
            logger.error("billing read failed", metadata: ["error": "\(mapped)"])
            throw mapped
        }
    }

    /// Runs `body` in one write transaction, rolled back if it throws. Errors of type `E` pass
    /// through; others become `E` through `mapError`.
    func write<T: Sendable, E: Error>(
        _ operation: String, mapError: (BillingStoreError) -> E,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(E) -> T {
        guard !closed.load(ordering: .sequentiallyConsistent) else { throw mapError(Self.closedError(operation)) }
        do {
            return try await writer.write(body)
        } catch let error as E {
            throw error
        } catch {
            let mapped = Self.storageError(operation, error)
            logger.error("billing write failed", metadata: ["error": "\(mapped)"])
            throw mapError(mapped)
        }
    }

    /// Runs `body` in one write transaction; errors become ``BillingStoreError``.
    func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(BillingStoreError) -> T {
        try await write(operation, mapError: { $0 }, body)
    }

    private static func closedError(_ operation: String) -> BillingStoreError {
        .storage(operation: operation, detail: "the billing database was closed")
    }

    static func storageError(_ operation: String, _ error: any Error) -> BillingStoreError {
        if let error = error as? GRDB.DatabaseError {
            return .storage(operation: operation, detail: "SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "no message")")
        }
        if error is CancellationError {
            return .storage(operation: operation, detail: "the task was cancelled")
        }
        return .storage(operation: operation, detail: "\(type(of: error))")
    }
}
