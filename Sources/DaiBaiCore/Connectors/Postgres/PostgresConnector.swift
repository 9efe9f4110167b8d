import Logging
import Metrics
import PostgresNIO
import Synchronization
import Tracing

/// A ``DatabaseConnector`` for PostgreSQL, on a small pool of postgres-nio connections, which the
/// server itself keeps read-only.
///
/// Defense in depth, independent of the SQL guard:
/// - every connection starts with `default_transaction_read_only=on` and a session
///   `statement_timeout` (startup parameters);
/// - every query runs inside its own `BEGIN TRANSACTION READ ONLY` … `ROLLBACK`, with
///   `SET LOCAL statement_timeout` set to ``QueryOptions/timeout``, so nothing a query does
///   (writes, `nextval`, functions that write, `set_config`) can persist;
/// - the statement runs as `DECLARE … CURSOR FOR <statement>`, which PostgreSQL accepts only for
///   a single `SELECT`, `VALUES` or `WITH … SELECT` without data-modifying CTEs; rows are then
///   read with `FETCH` of at most ``QueryOptions/maxRows`` + 1 rows, so the server stops there.
///
/// Timeouts are enforced twice: by the server (`statement_timeout`) and by the client, which
/// closes the connection when the query is still running at ``QueryOptions/timeout``; both
/// throw ``DatabaseError/timedOut(_:)``. Cancelling the calling task closes the connection too
/// and throws ``DatabaseError/cancelled``. A closed connection is replaced by the pool.
///
/// Cells decode as ``PostgresCellDecoder`` describes; values of other types (arrays, enums,
/// ranges, network addresses, …) are converted to their text representation by the server.
///
/// Lifetime: the connector owns a `PostgresClient` and a task that runs it, started by the
/// initializer. Call ``shutdown()`` when done; it closes the connections and waits for the task.
/// Releasing the connector without calling it cancels the task.
public final class PostgresConnector: DatabaseConnector {
    /// Always ``SQLDialect/postgresql``.
    public var dialect: SQLDialect { .postgresql }

    /// Where the connector connects (its description hides the password).
    public let configuration: PostgresConnectorConfiguration

    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger
    private let metricsFactory: any MetricsFactory

    /// The name of the cursor each query reads through.
    private static let cursorName = "daibai_result"

    /// Creates a connector and starts its connection pool (connections open on first use).
    /// - Parameters:
    ///   - configuration: Where and how to connect.
    ///   - logger: Where diagnostics go; nothing is logged by default.
    ///   - metricsFactory: Receives the query metrics; `MetricsSystem.factory` by default.
    public init(
        configuration: PostgresConnectorConfiguration,
        logger: Logger = Logger(label: "daibai.connector.postgres", factory: { _ in SwiftLogNoOpLogHandler() }),
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) throws(DatabaseError) {
        self.metricsFactory = metricsFactory
        guard configuration.maximumConnections >= 1 else {
            throw .misconfigured("maximumConnections is \(configuration.maximumConnections); use at least 1")
        }
        let tls: PostgresClient.Configuration.TLS
        switch configuration.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var clientConfiguration = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.user,
            password: configuration.password?.revealed(), database: configuration.database, tls: tls)
        clientConfiguration.options.maximumConnections = configuration.maximumConnections
        clientConfiguration.options.minimumConnections = 0
        clientConfiguration.options.connectTimeout = configuration.connectTimeout
        clientConfiguration.options.additionalStartupParameters = [
            ("default_transaction_read_only", "on"),
            ("statement_timeout", String(Self.milliseconds(configuration.sessionStatementTimeout))),
            ("idle_in_transaction_session_timeout", String(Self.milliseconds(configuration.sessionStatementTimeout) + 10_000)),
            ("application_name", configuration.applicationName),
        ]
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.runTask = Task { await client.run() }
    }

    /// Creates a connector for a configured PostgreSQL database; see ``PostgresConnectorConfiguration/init(settings:)``.
    public convenience init(
        settings: DatabaseSettings,
        logger: Logger = Logger(label: "daibai.connector.postgres", factory: { _ in SwiftLogNoOpLogHandler() }),
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) throws(DatabaseError) {
        try self.init(configuration: PostgresConnectorConfiguration(settings: settings), logger: logger, metricsFactory: metricsFactory)
    }

    /// Creates a connector from a `postgres://` connection string; see ``PostgresConnectorConfiguration/init(connectionString:)``.
    public convenience init(
        connectionString: SecretValue,
        logger: Logger = Logger(label: "daibai.connector.postgres", factory: { _ in SwiftLogNoOpLogHandler() }),
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) throws(DatabaseError) {
        try self.init(configuration: PostgresConnectorConfiguration(connectionString: connectionString), logger: logger, metricsFactory: metricsFactory)
    }

    deinit {
        runTask.cancel()
    }

    /// Closes the pool's connections and waits until the pool has stopped. Later calls fail.
    ///
    /// The wait is bounded (10 s): a pool that never stops (a connection lease lost inside the
    /// driver) cannot hang the caller's own shutdown.
    public func shutdown() async {
        runTask.cancel()
        if await !QueryDeadline.stopped(runTask, within: QueryDeadline.grace) {
            logger.warning("the PostgreSQL pool did not stop within \(QueryDeadline.grace); shutdown goes on without it")
        }
    }

    // MARK: - Queries

    /// Runs one read-only statement in a read-only transaction with the given row cap and timeout.
    ///
    /// Throws ``DatabaseError/queryFailed(_:)`` with PostgreSQL's message, SQLSTATE, hint and
    /// position (relative to `sql`) when the server refuses or fails the statement — for example
    /// "cannot execute INSERT in a read-only transaction" — and ``DatabaseError/connectionFailed(_:)``
    /// when no connection can be made.
    public func executeReadOnly(_ sql: String, options: QueryOptions) async throws(DatabaseError) -> QueryResult {
        try QueryDeadline.validate(options)
        return try await QueryTracing.traced(system: "postgresql", dialect: .postgresql, options: options, logger: logger, metricsFactory: metricsFactory) {
            await self.query(sql, options: options)
        }
    }

    private func query(_ sql: String, options: QueryOptions) async -> Result<QueryResult, DatabaseError> {
        do {
            return .success(try await withReadOnlyTransaction(timeout: options.timeout) { connection, logger throws(DatabaseError) in
                try await Self.fetch(sql, maxRows: options.maxRows, on: connection, logger: logger)
            })
        } catch {
            return .failure(error)
        }
    }

    /// Reads the tables, views, materialized views and foreign tables the user may select from
    /// (not `pg_catalog`, `information_schema`, `pg_toast` or partitions), with columns, keys,
    /// comments and approximate row counts (`pg_class.reltuples`; `nil` before the first `ANALYZE`).
    public func introspectSchema() async throws(DatabaseError) -> DatabaseSchema {
        try await withReadOnlyTransaction(timeout: configuration.sessionStatementTimeout) { connection, logger throws(DatabaseError) in
            try await PostgresSchemaIntrospector.schema(on: connection, logger: logger)
        }
    }

    /// Leases a connection, opens a read-only transaction with `statement_timeout` = `timeout`,
    /// runs `body`, and rolls back; all under the client-side deadline.
    private func withReadOnlyTransaction<T: Sendable>(
        timeout: Duration,
        _ body: @escaping @Sendable (PostgresConnection, Logger) async throws(DatabaseError) -> T
    ) async throws(DatabaseError) -> T {
        let client = self.client
        let logger = self.logger
        let leased = Mutex<(connection: PostgresConnection?, wasLeased: Bool, interrupted: Bool)>((nil, false, false))
        do {
            return try await QueryDeadline.run(timeout: timeout, interrupt: {
                // Closing the connection fails the running query at once; the pool replaces it.
                // An interrupt that comes before the lease is remembered, so that a connection
                // leased afterwards runs nothing (the task may not be cancelled yet by then).
                leased.withLock { state -> PostgresConnection? in
                    state.interrupted = true
                    return state.connection
                }?.close().whenComplete { _ in }
            }) {
                do {
                    return try await client.withConnection { connection in
                        let interrupted = leased.withLock { state -> Bool in
                            state.connection = connection
                            state.wasLeased = true
                            return state.interrupted
                        }
                        if interrupted || Task.isCancelled { return .failure(.cancelled) }
                        defer { leased.withLock { $0.connection = nil } }
                        return await Self.inReadOnlyTransaction(connection, timeout: timeout, logger: logger, body)
                    }
                } catch {
                    return .failure(Self.connectionError(error))
                }
            }
        } catch .timedOut(let limit) where !leased.withLock({ $0.wasLeased }) {
            // The pool keeps retrying a server it cannot reach; the deadline is what ends the wait.
            throw .connectionFailed(
                "no connection to \(configuration.host):\(configuration.port) could be made within \(limit); "
                    + "check the host, port, TLS mode and that the server is running")
        }
    }

    private static func inReadOnlyTransaction<T: Sendable>(
        _ connection: PostgresConnection, timeout: Duration, logger: Logger,
        _ body: @Sendable (PostgresConnection, Logger) async throws(DatabaseError) -> T
    ) async -> Result<T, DatabaseError> {
        let result: Result<T, DatabaseError>
        do {
            try await run("BEGIN TRANSACTION READ ONLY", on: connection, logger: logger)
            try await run(PostgresQuery(unsafeSQL: "SET LOCAL statement_timeout = \(milliseconds(timeout))"), on: connection, logger: logger)
            result = .success(try await body(connection, logger))
        } catch {
            result = .failure(error)
        }
        if Task.isCancelled || connection.isClosed {
            // The deadline or the caller cancelled the query and closes the connection: nothing
            // more is sent on it, and the lease is released only once the pool can see it closed.
            try? await connection.close()
        } else {
            do {
                try await run("ROLLBACK", on: connection, logger: logger)
            } catch {
                // A connection whose transaction state is unknown must not be reused.
                try? await connection.close()
            }
        }
        if case .failure(let error) = result, case .queryFailed = error, timeoutFired(error) {
            return .failure(.timedOut(timeout))
        }
        return result
    }

    /// Whether a server error is the `statement_timeout` cancelling the statement.
    private static func timeoutFired(_ error: DatabaseError) -> Bool {
        if case .queryFailed(let message) = error { return message.contains("[SQLSTATE 57014]") }
        return false
    }

    /// Runs a statement whose rows (if any) are not needed.
    static func run(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws(DatabaseError) {
        guard !connection.isClosed else { throw .connectionFailed("the connection was closed during the query") }
        do {
            for try await _ in try await connection.query(query, logger: logger) {}
        } catch {
            throw queryError(error, offset: 0)
        }
    }

    private static let declarePrefix = "DECLARE \(cursorName) NO SCROLL CURSOR FOR\n"

    /// Declares the cursor for `sql`, fetches at most `maxRows` + 1 rows and decodes them.
    private static func fetch(_ sql: String, maxRows: Int, on connection: PostgresConnection, logger: Logger) async throws(DatabaseError) -> QueryResult {
        guard !connection.isClosed else { throw .connectionFailed("the connection was closed during the query") }
        do {
            for try await _ in try await connection.query(PostgresQuery(unsafeSQL: declarePrefix + sql), logger: logger) {}
        } catch {
            throw queryError(error, offset: declarePrefix.count)
        }
        var columns: [String] = []
        var types: [PostgresDataType] = []
        var rows: [[SQLValue]] = []
        var pending: [PendingCell] = []
        var truncated = false
        do {
            let sequence = try await connection.query(
                PostgresQuery(unsafeSQL: "FETCH FORWARD \(maxRows + 1) FROM \(cursorName)"), logger: logger)
            columns = sequence.columns.map(\.name)
            types = sequence.columns.map(\.dataType)
            for try await row in sequence {
                if rows.count == maxRows {
                    truncated = true
                    continue  // at most one extra row; drain it
                }
                var values: [SQLValue] = []
                for (index, cell) in row.enumerated() {
                    if let value = PostgresCellDecoder.decode(cell) {
                        values.append(value)
                    } else {
                        values.append(.null)
                        if let bytes = cell.bytes {
                            pending.append(PendingCell(row: rows.count, column: index, type: cell.dataType, bytes: bytes))
                        }
                    }
                }
                rows.append(values)
            }
        } catch {
            throw queryError(error, offset: 0)
        }
        if !pending.isEmpty {
            for (cell, value) in try await PostgresTextConversion.convert(pending, on: connection, logger: logger) {
                rows[cell.row][cell.column] = value
            }
        }
        return QueryResult(columns: columns, rows: rows, truncated: truncated, columnTypes: types.map(PostgresCellDecoder.typeName))
    }

    // MARK: - Errors

    /// A query error with the server's message, SQLSTATE, hint and position (shifted by `offset`
    /// characters of SQL the connector put before the caller's); never the statement or bound values.
    static func queryError(_ error: any Error, offset: Int) -> DatabaseError {
        if let error = error as? DatabaseError { return error }
        if error is CancellationError { return .cancelled }
        guard let error = error as? PSQLError else { return .queryFailed("\(type(of: error))") }
        if error.code == .server, let info = error.serverInfo {
            var message = info[.message] ?? "the server reported an error"
            if let state = info[.sqlState] { message += " [SQLSTATE \(state)]" }
            if let position = info[.position].flatMap(Int.init), position > offset {
                message += " at character \(position - offset)"
            }
            if let hint = info[.hint] { message += " (hint: \(hint))" }
            return .queryFailed(message)
        }
        if error.code == .queryCancelled { return .cancelled }
        return .connectionFailed("the connection failed during the query (\(error.code))")
    }

    /// An error from leasing a connection: what failed, never the password.
    private static func connectionError(_ error: any Error) -> DatabaseError {
        if let error = error as? DatabaseError { return error }
        if error is CancellationError { return .cancelled }
        if let error = error as? PSQLError {
            if error.code == .server, let info = error.serverInfo {
                let state = info[.sqlState].map { " [SQLSTATE \($0)]" } ?? ""
                return .connectionFailed("\(info[.message] ?? "the server refused the connection")\(state)")
            }
            let underlying = error.underlying.map { ": \($0)" } ?? ""
            return .connectionFailed("\(error.code)\(underlying); check the host, port, TLS mode and that the server is running")
        }
        return .connectionFailed("\(type(of: error)): \(error)")
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
