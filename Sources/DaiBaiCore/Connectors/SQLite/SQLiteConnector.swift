import Foundation
import GRDB
import GRDBSQLite
import Logging
import Metrics
import Tracing

/// A ``DatabaseConnector`` for a SQLite database file, which the engine itself keeps read-only.
///
/// Defense in depth, independent of the SQL guard:
/// - the file is opened with `SQLITE_OPEN_READONLY` (GRDB's `Configuration.readonly`), so any
///   write fails with "attempt to write a readonly database";
/// - `PRAGMA query_only = 1` is set on the connection, so even the temporary database refuses writes;
/// - an authorizer (``SQLiteReadOnlyAuthorizer``) refuses, at compile time, every action that is not a
///   read: writes, DDL, `ATTACH`/`DETACH`, all pragmas except the schema-reading ones (so
///   `query_only` cannot be switched off), and the `load_extension` function;
/// - extension loading is disabled and the attached-database limit is set to zero.
///
/// Queries run one at a time on a single connection (a GRDB `DatabaseQueue`), each as one
/// autocommit statement: GRDB's transaction wrapper is not used, and the authorizer refuses
/// `BEGIN`, `COMMIT`, `ROLLBACK` and savepoints, so no transaction can be left open. A query that runs
/// longer than ``QueryOptions/timeout`` is interrupted (`sqlite3_interrupt`, through GRDB's
/// cancellation of that one database access, backed by a progress handler that stops only that
/// query) and the call throws ``DatabaseError/timedOut(_:)``;
/// cancelling the calling task interrupts it the same way and throws ``DatabaseError/cancelled``.
/// Rows are read with a cursor and reading stops after ``QueryOptions/maxRows`` + 1 rows.
///
/// Values map to ``SQLValue`` by SQLite storage class: NULL, INTEGER, REAL (``SQLValue/double(_:)``),
/// TEXT and BLOB (``SQLValue/blob(_:)``, the raw bytes).
public final class SQLiteConnector: DatabaseConnector {
    /// The database file.
    public let path: String

    /// Always ``SQLDialect/sqlite``.
    public var dialect: SQLDialect { .sqlite }

    private let queue: DatabaseQueue
    private let interruptFlag: SQLiteInterruptFlag
    private let logger: Logger
    private let metricsFactory: any MetricsFactory

    /// Opens the existing database file at `path` read-only.
    ///
    /// Throws ``DatabaseError/connectionFailed(_:)`` when the file is missing or is not a SQLite database.
    /// - Parameters:
    ///   - path: The database file.
    ///   - busyTimeout: How long a query waits for a lock held by a writer in another process.
    ///   - logger: Where diagnostics go; nothing is logged by default.
    ///   - metricsFactory: Receives the query metrics; `MetricsSystem.factory` by default.
    public init(
        path: String,
        busyTimeout: Duration = .seconds(5),
        logger: Logger = Logger(label: "daibai.connector.sqlite", factory: { _ in SwiftLogNoOpLogHandler() }),
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) throws(DatabaseError) {
        self.metricsFactory = metricsFactory
        guard FileManager.default.fileExists(atPath: path) else {
            throw .connectionFailed("no SQLite database file at \(path); check the configured path")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "daibai.connector.sqlite"
        let seconds = Double(busyTimeout.components.seconds) + Double(busyTimeout.components.attoseconds) / 1e18
        configuration.busyMode = .timeout(max(0, seconds))
        // The configuration (kept by the queue for the connection's lifetime) retains the flag.
        let interruptFlag = SQLiteInterruptFlag()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA query_only = 1")
            guard let connection = db.sqliteConnection else {
                throw GRDB.DatabaseError(resultCode: .SQLITE_MISUSE, message: "the connection is closed")
            }
            _ = sqlite3_enable_load_extension(connection, 0)
            _ = sqlite3_limit(connection, SQLITE_LIMIT_ATTACHED, 0)
            SQLiteInterruptFlag.install(interruptFlag, on: connection)
            // Last: from here on, only reads compile on this connection.
            SQLiteReadOnlyAuthorizer.install(on: connection)
        }
        do {
            self.queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .connectionFailed("cannot open the SQLite database at \(path) read-only: \(Self.message(of: error))")
        }
        self.path = path
        self.interruptFlag = interruptFlag
        self.logger = logger
        logger.debug("Opened SQLite database read-only", metadata: ["path": "\(path)"])
    }

    /// Closes the database; later calls fail with ``DatabaseError/connectionFailed(_:)``.
    public func close() throws(DatabaseError) {
        do {
            try queue.close()
        } catch {
            throw .connectionFailed("cannot close the SQLite database at \(path): \(Self.message(of: error))")
        }
    }

    /// Reads the tables and views (not SQLite's internal `sqlite_…` tables), their columns,
    /// primary and foreign keys, and approximate row counts from `sqlite_stat1` when `ANALYZE`
    /// has filled it (`nil` otherwise; rows are never counted). SQLite has no comments.
    public func introspectSchema() async throws(DatabaseError) -> DatabaseSchema {
        let result: Result<DatabaseSchema, DatabaseError>
        do {
            result = .success(try await queue.unsafeRead { db in try SQLiteSchemaIntrospector.schema(db) })
        } catch {
            result = .failure(Self.map(error, during: "read the schema"))
        }
        return try result.get()
    }

    /// Runs one read-only statement with the given row cap and timeout.
    ///
    /// Throws ``DatabaseError/queryFailed(_:)`` with SQLite's message (never the bound values)
    /// when SQLite refuses or fails the statement — including "not authorized" and
    /// "attempt to write a readonly database" for anything that is not a read.
    public func executeReadOnly(_ sql: String, options: QueryOptions) async throws(DatabaseError) -> QueryResult {
        try QueryDeadline.validate(options)
        return try await QueryTracing.traced(system: "sqlite", dialect: .sqlite, options: options, logger: logger, metricsFactory: metricsFactory) {
            await self.run(sql, options: options)
        }
    }

    private func run(_ sql: String, options: QueryOptions) async -> Result<QueryResult, DatabaseError> {
        let queue = self.queue
        let flag = interruptFlag
        let token = flag.makeToken()
        do {
            // GRDB interrupts the access when its task is cancelled; the flag covers the instant
            // before the statement's first step, which `sqlite3_interrupt` would miss.
            return .success(try await QueryDeadline.run(timeout: options.timeout, interrupt: { flag.cancel(token) }) {
                do {
                    return .success(try await queue.unsafeRead { db in
                        guard flag.begin(token) else { throw CancellationError() }
                        defer { flag.end() }
                        return try Self.fetch(sql, maxRows: options.maxRows, db)
                    })
                } catch {
                    return .failure(Self.map(error, during: nil))
                }
            })
        } catch {
            return .failure(error)
        }
    }

    /// Compiles `sql` (one statement) and reads at most `maxRows` + 1 rows with a cursor.
    private static func fetch(_ sql: String, maxRows: Int, _ db: Database) throws -> QueryResult {
        let statement = try db.makeStatement(sql: sql)
        let columns = statement.columnNames
        let columnTypes: [String?] = (0..<CInt(columns.count)).map { index in
            sqlite3_column_decltype(statement.sqliteStatement, index).map { String(cString: $0) }
        }
        var rows: [[SQLValue]] = []
        var truncated = false
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() {
            if rows.count == maxRows {
                truncated = true
                break
            }
            rows.append((0..<row.count).map { value(row[$0] as DatabaseValue) })
        }
        return QueryResult(columns: columns, rows: rows, truncated: truncated, columnTypes: columnTypes)
    }

    private static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let double): .double(double)
        case .string(let string): .text(string)
        case .blob(let data): .blob([UInt8](data))
        }
    }

    /// SQLite's message for `error`, without the statement's arguments.
    static func message(of error: any Error) -> String {
        if let error = error as? GRDB.DatabaseError {
            return error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
        }
        return "\(type(of: error))"
    }

    private static func map(_ error: any Error, during operation: String?) -> DatabaseError {
        if let error = error as? DatabaseError { return error }
        if error is CancellationError { return .cancelled }
        if let error = error as? GRDB.DatabaseError, error.resultCode == .SQLITE_INTERRUPT { return .cancelled }
        let message = message(of: error)
        return .queryFailed(operation.map { "cannot \($0): \(message)" } ?? message)
    }
}
