import Foundation
import GRDB
import Logging
import Metrics
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why opening, migrating or querying a ``SQLiteDatabase`` failed.
///
/// The message names the operation and the SQLite result; it never contains statement
/// arguments (GRDB keeps them private), so stored values do not leak into logs.
public struct SQLiteDatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done, for example `"append message"`.
    public let operation: String
    /// What went wrong, for example `"SQLite error 5: database is locked"`.
    public let detail: String

    /// Creates an error for `operation`.
    public init(operation: String, detail: String) {
        self.operation = operation
        self.detail = detail
    }

    init(operation: String, underlying error: any Error) {
        self.operation = operation
        if let error = error as? GRDB.DatabaseError {
            let message = error.message ?? "no message"
            self.detail = "SQLite error \(error.extendedResultCode.rawValue): \(message)"
        } else if error is CancellationError {
            self.detail = "the task was cancelled"
        } else {
            self.detail = "\(type(of: error)): \(error)"
        }
    }

    /// `<operation> failed: <detail>`.
    public var description: String { "\(operation) failed: \(detail)" }

    static func closed(_ operation: String) -> SQLiteDatabaseError {
        SQLiteDatabaseError(operation: operation, detail: "the database was closed; open it again")
    }
}

/// A SQLite database file: the one SQLite layer of DaiBai's stores (``SQLiteChatStore``,
/// ``SQLiteDataInventory``, and DaiBaiBilling's ledger and billing state).
///
/// A file database is a GRDB `DatabasePool` in WAL mode, so readers never wait for the
/// writer; writes are serialised and wait up to the busy timeout for a lock held by
/// another process. Each store applies its own migrations (identifiers such as
/// `chat.v1`, `inventory.v1`) with ``migrate(_:operation:mapError:)`` and runs its queries
/// with ``read(_:mapError:_:)`` and ``write(_:mapError:_:)``, so several stores can share one
/// file and every store maps failures to its own typed error.
public final class SQLiteDatabase: Sendable {
    /// How hard SQLite works to make a committed transaction survive (`PRAGMA synchronous`).
    public enum Synchronous: String, Sendable, Hashable {
        /// Leave SQLite's build default. In WAL mode a commit survives a crash of the process.
        case `default`
        /// `NORMAL`: a commit survives a crash of the process; the last commits may be lost
        /// on a power failure.
        case normal = "NORMAL"
        /// `FULL`: every commit is synced to disk before it returns, so it also survives a
        /// power failure. For records that must never be lost, such as a usage ledger.
        case full = "FULL"
    }

    /// The file path, or `nil` for an in-memory database.
    public let path: String?

    let writer: any DatabaseWriter
    let logger: Logger
    private let metricsFactory: any MetricsFactory
    private let closed = Atomic<Bool>(false)

    /// Opens (creating if needed) the database file at `path`.
    ///
    /// The parent directory is created (mode 0700) when missing, and the file is made
    /// readable by its owner only (mode 0600), because it holds chat history.
    /// - Parameters:
    ///   - path: The database file path.
    ///   - busyTimeout: How long a write waits for a lock held by another connection or process.
    ///   - synchronous: The durability of a commit; SQLite's default unless stated.
    ///   - label: Names the connections in GRDB's diagnostics.
    ///   - logger: Where diagnostics go; nothing is logged by default.
    ///   - metricsFactory: Receives ``DaiBaiMetricName/storeOperationDuration``; `MetricsSystem.factory` by default.
    public init(
        path: String,
        busyTimeout: Duration = .seconds(5),
        synchronous: Synchronous = .default,
        label: String = "daibai.sqlite",
        logger: Logger = Logger(label: "daibai.sqlite", factory: { _ in SwiftLogNoOpLogHandler() }),
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) throws(SQLiteDatabaseError) {
        self.metricsFactory = metricsFactory
        let operation = "open SQLite database at \(path)"
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            do {
                try FileManager.default.createDirectory(
                    atPath: parent, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw SQLiteDatabaseError(
                    operation: operation,
                    detail: "cannot create the parent directory \(parent): \(error.localizedDescription)")
            }
        }
        var configuration = Self.configuration(label: label, synchronous: synchronous)
        let seconds = Double(busyTimeout.components.seconds) + Double(busyTimeout.components.attoseconds) / 1e18
        configuration.busyMode = .timeout(max(0, seconds))
        do {
            self.writer = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw SQLiteDatabaseError(operation: operation, underlying: error)
        }
        // Owner-only access; SQLite gives the -wal and -shm files the same mode.
        _ = chmod(path, 0o600)
        self.path = path
        self.logger = logger
        logger.debug("Opened SQLite database", metadata: ["path": "\(path)"])
    }

    private init(writer: any DatabaseWriter, logger: Logger) {
        self.metricsFactory = MetricsSystem.factory
        self.writer = writer
        self.path = nil
        self.logger = logger
    }

    /// A private in-memory database, gone when the value is released. Meant for tests.
    /// - Parameters:
    ///   - label: Names the connection in GRDB's diagnostics.
    ///   - logger: Where diagnostics go; nothing is logged by default.
    public static func inMemory(
        label: String = "daibai.sqlite.memory",
        logger: Logger = Logger(label: "daibai.sqlite", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(SQLiteDatabaseError) -> SQLiteDatabase {
        do {
            let configuration = Self.configuration(label: label, synchronous: .default)
            return SQLiteDatabase(writer: try DatabaseQueue(configuration: configuration), logger: logger)
        } catch {
            throw SQLiteDatabaseError(operation: "open in-memory SQLite database", underlying: error)
        }
    }

    private static func configuration(label: String, synchronous: Synchronous) -> Configuration {
        var configuration = Configuration()
        configuration.label = label
        if synchronous != .default {
            let pragma = "PRAGMA synchronous = \(synchronous.rawValue)"
            configuration.prepareDatabase { db in try db.execute(sql: pragma) }
        }
        return configuration
    }

    /// Closes the database. Closing twice does nothing. Any later call on it, or on a store
    /// using it, fails with an error saying the database was closed.
    public func close() throws(SQLiteDatabaseError) {
        guard !closed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        do {
            try writer.close()
        } catch {
            throw SQLiteDatabaseError(operation: "close SQLite database", underlying: error)
        }
    }

    /// SQLite's journal mode (`wal` for file databases, `memory` for in-memory ones).
    public func journalMode() async throws(SQLiteDatabaseError) -> String {
        try await read("read journal mode", mapError: { $0 }) { db in
            try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
        }
    }

    /// SQLite's `synchronous` setting as a number: 0 `OFF`, 1 `NORMAL`, 2 `FULL`, 3 `EXTRA`.
    public func synchronousLevel() async throws(SQLiteDatabaseError) -> Int {
        try await read("read the synchronous setting", mapError: { $0 }) { db in
            try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? 0
        }
    }

    // MARK: - Helpers for the stores

    /// Applies `migrator`'s pending migrations (those already applied to the file are skipped).
    /// - Parameters:
    ///   - migrator: The store's migrations, each with an identifier unique in the file.
    ///   - operation: What is being done, for the error message (for example `"migrate chat tables"`).
    ///   - mapError: Turns the failure into the store's own error type.
    public func migrate<E: Error>(
        _ migrator: DatabaseMigrator, operation: String,
        mapError: (SQLiteDatabaseError) -> E
    ) throws(E) {
        guard !closed.load(ordering: .sequentiallyConsistent) else { throw mapError(.closed(operation)) }
        do {
            try migrator.migrate(writer)
        } catch {
            throw mapError(SQLiteDatabaseError(operation: operation, underlying: error))
        }
    }

    /// Runs `body` in a read transaction.
    ///
    /// Errors of type `E` thrown by `body` pass through unchanged; any other error (SQLite's,
    /// cancellation, a closed database) becomes a ``SQLiteDatabaseError`` naming `operation`,
    /// is logged, and is turned into `E` by `mapError`.
    /// - Parameters:
    ///   - operation: What is being done, for the error message (for example `"read messages"`).
    ///   - mapError: Turns a ``SQLiteDatabaseError`` into the store's own error type.
    ///   - body: The queries; runs on a reader connection.
    public func read<T: Sendable, E: Error>(
        _ operation: String,
        mapError: (SQLiteDatabaseError) -> E,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(E) -> T {
        guard !closed.load(ordering: .sequentiallyConsistent) else { throw mapError(.closed(operation)) }
        let started = ContinuousClock.now
        var succeeded = false
        defer { measure("read", since: started, succeeded: succeeded) }
        do {
            let value = try await writer.read(body)
            succeeded = true
            return value
        } catch let error as E {
            throw error
        } catch {
            let mapped = SQLiteDatabaseError(operation: operation, underlying: error)
            logger.error("SQLite read failed", metadata: ["error": "\(mapped)"])
            throw mapError(mapped)
        }
    }

    /// Runs `body` in one write transaction, committed when it returns and rolled back if it
    /// throws. Writes are serialised, so a check and an update in one `body` are atomic.
    ///
    /// Errors are handled as in ``read(_:mapError:_:)``.
    /// - Parameters:
    ///   - operation: What is being done, for the error message (for example `"append message"`).
    ///   - mapError: Turns a ``SQLiteDatabaseError`` into the store's own error type.
    ///   - body: The statements of the transaction.
    public func write<T: Sendable, E: Error>(
        _ operation: String,
        mapError: (SQLiteDatabaseError) -> E,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(E) -> T {
        guard !closed.load(ordering: .sequentiallyConsistent) else { throw mapError(.closed(operation)) }
        let started = ContinuousClock.now
        var succeeded = false
        defer { measure("write", since: started, succeeded: succeeded) }
        do {
            let value = try await writer.write(body)
            succeeded = true
            return value
        } catch let error as E {
            throw error
        } catch {
            let mapped = SQLiteDatabaseError(operation: operation, underlying: error)
            logger.error("SQLite write failed", metadata: ["error": "\(mapped)"])
            throw mapError(mapped)
        }
    }
}

extension SQLiteDatabase {
    fileprivate func measure(_ kind: String, since started: ContinuousClock.Instant, succeeded: Bool) {
        Timer(label: DaiBaiMetricName.storeOperationDuration, dimensions: [("store", "sqlite"), ("kind", kind), ("outcome", succeeded ? "ok" : "error")], factory: metricsFactory)
            .recordNanoseconds(started.duration(to: .now).saturatingNanoseconds)
    }
}

/// How the SQLite stores keep times: whole milliseconds since 1970 (exact round trip).
enum SQLiteTime {
    /// `date` rounded to the millisecond, as the stores return it.
    static func rounded(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Milliseconds since 1970.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The date of `milliseconds` since 1970.
    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
