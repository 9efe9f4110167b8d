import DaiBaiCore
import GRDB
import Logging

/// The SQLite file that holds subscriptions, credits and processed webhook events.
///
/// One file, so a webhook's effect (a subscription change, a credit grant) and the record that
/// its event was processed commit in one transaction. It lives in Core's `SQLiteDatabase` (a
/// GRDB pool in WAL mode); writes are serialised, which is what makes credit reservations
/// atomic. Share one instance between ``SQLiteSubscriptionStore``, ``SQLiteCreditsStore`` and
/// ``StripeWebhookHandler``.
public final class SQLiteBillingState: Sendable {
    /// The database the billing tables live in (migrations `billing.subscriptions.v1`,
    /// `billing.credits.v1`); it can be shared with other stores.
    public let database: SQLiteDatabase

    /// The file path, or `nil` for an in-memory database.
    public var path: String? { database.path }

    /// Uses `database`, applying the billing migrations when needed.
    public init(database: SQLiteDatabase) throws(BillingStoreError) {
        self.database = database
        try database.migrate(Self.migrator, operation: "migrate the billing database", mapError: BillingStoreError.init)
    }

    /// Opens (creating if needed) the file at `path` and applies the billing migrations.
    /// The parent directory is created with mode 0700 and the file gets mode 0600.
    /// - Parameters:
    ///   - path: The database file path.
    ///   - busyTimeout: How long a write waits for a lock held by another process.
    ///   - logger: Where diagnostics go; nothing is logged by default.
    public convenience init(
        path: String,
        busyTimeout: Duration = .seconds(5),
        logger: Logger = Logger(label: "daibai.billing", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(BillingStoreError) {
        try self.init(database: try BillingSQLiteDatabase.open(path: path, busyTimeout: busyTimeout, label: "daibai.billing", logger: logger))
    }

    /// A private in-memory database, gone when released. Meant for tests.
    public static func inMemory(
        logger: Logger = Logger(label: "daibai.billing", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(BillingStoreError) -> SQLiteBillingState {
        try SQLiteBillingState(database: try BillingSQLiteDatabase.inMemory(label: "daibai.billing.memory", logger: logger))
    }

    /// Closes the database; later calls on it fail with a storage error. Closing twice does nothing.
    public func close() throws(BillingStoreError) {
        try BillingSQLiteDatabase.close(database)
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
        try await database.read(operation, mapError: BillingStoreError.init, body)
    }

    /// Runs `body` in one write transaction, rolled back if it throws. Errors of type `E` pass
    /// through; others become `E` through `mapError`.
    func write<T: Sendable, E: Error>(
        _ operation: String, mapError: @escaping (BillingStoreError) -> E,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(E) -> T {
        try await database.write(operation, mapError: { mapError(BillingStoreError($0)) }, body)
    }

    /// Runs `body` in one write transaction; errors become ``BillingStoreError``.
    func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(BillingStoreError) -> T {
        try await database.write(operation, mapError: BillingStoreError.init, body)
    }
}
