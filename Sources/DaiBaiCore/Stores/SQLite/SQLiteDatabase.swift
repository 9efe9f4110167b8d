import Foundation
import GRDB
import Logging

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
}

/// A SQLite database file shared by the local stores (``SQLiteChatStore``, ``SQLiteDataInventory``).
///
/// A file database is a GRDB `DatabasePool` in WAL mode, so readers never wait for the
/// writer; writes are serialised and wait up to the busy timeout for a lock held by
/// another process. Each store applies its own migrations (identifiers such as
/// `chat.v1`, `inventory.v1`), so several stores can share one file.
public final class SQLiteDatabase: Sendable {
    /// The file path, or `nil` for an in-memory database.
    public let path: String?

    let writer: any DatabaseWriter
    let logger: Logger

    /// Opens (creating if needed) the database file at `path`.
    ///
    /// The parent directory is created (mode 0700) when missing, and the file is made
    /// readable by its owner only (mode 0600), because it holds chat history.
    /// - Parameters:
    ///   - path: The database file path.
    ///   - busyTimeout: How long a write waits for a lock held by another connection or process.
    ///   - logger: Where diagnostics go; nothing is logged by default.
    public init(
        path: String,
        busyTimeout: Duration = .seconds(5),
        logger: Logger = Logger(label: "daibai.sqlite", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(SQLiteDatabaseError) {
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
        var configuration = Configuration()
        let seconds = Double(busyTimeout.components.seconds) + Double(busyTimeout.components.attoseconds) / 1e18
        configuration.busyMode = .timeout(max(0, seconds))
        configuration.label = "daibai.sqlite"
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
        self.writer = writer
        self.path = nil
        self.logger = logger
    }

    /// A private in-memory database, gone when the value is released. Meant for tests.
    public static func inMemory(
        logger: Logger = Logger(label: "daibai.sqlite", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(SQLiteDatabaseError) -> SQLiteDatabase {
        do {
            var configuration = Configuration()
            configuration.label = "daibai.sqlite.memory"
            return SQLiteDatabase(writer: try DatabaseQueue(configuration: configuration), logger: logger)
        } catch {
            throw SQLiteDatabaseError(operation: "open in-memory SQLite database", underlying: error)
        }
    }

    /// Closes the database. Any later call on it, or on a store using it, fails with a backend error.
    public func close() throws(SQLiteDatabaseError) {
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

    // MARK: - Internal helpers for the stores

    /// Applies `migrator`'s pending migrations; errors become `E` through `mapError`.
    func migrate<E: Error>(
        _ migrator: DatabaseMigrator, operation: String,
        mapError: (SQLiteDatabaseError) -> E
    ) throws(E) {
        do {
            try migrator.migrate(writer)
        } catch {
            throw mapError(SQLiteDatabaseError(operation: operation, underlying: error))
        }
    }

    /// Runs `body` in a read transaction. Errors of type `E` thrown by `body` pass through;
    /// any other error becomes `E` through `mapError`, with `operation` in its message.
    func read<T: Sendable, E: Error>(
        _ operation: String,
        mapError: (SQLiteDatabaseError) -> E,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(E) -> T {
        do {
            return try await writer.read(body)
        } catch let error as E {
            throw error
        } catch {
            let mapped = SQLiteDatabaseError(operation: operation, underlying: error)
            logger.error("SQLite read failed", metadata: ["error": "\(mapped)"])
            throw mapError(mapped)
        }
    }

    /// Runs `body` in one write transaction (rolled back if it throws). Errors of type `E`
    /// thrown by `body` pass through; any other error becomes `E` through `mapError`.
    func write<T: Sendable, E: Error>(
        _ operation: String,
        mapError: (SQLiteDatabaseError) -> E,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(E) -> T {
        do {
            return try await writer.write(body)
        } catch let error as E {
            throw error
        } catch {
            let mapped = SQLiteDatabaseError(operation: operation, underlying: error)
            logger.error("SQLite write failed", metadata: ["error": "\(mapped)"])
            throw mapError(mapped)
        }
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
