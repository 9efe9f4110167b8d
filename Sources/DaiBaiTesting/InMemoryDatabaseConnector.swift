import DaiBaiCore
import Synchronization

/// A ``DatabaseConnector`` that answers from scripted results instead of a database.
///
/// Statements are matched by exact text after ``normalize(_:)`` (surrounding whitespace and
/// trailing semicolons removed). Unmatched statements go to the handler, if any; otherwise they
/// fail with ``DatabaseError/queryFailed(_:)`` naming the statement. Every result is capped at
/// ``QueryOptions/maxRows``, setting ``QueryResult/truncated`` when rows were dropped.
public final class InMemoryDatabaseConnector: DatabaseConnector {
    /// A closure that answers statements that have no scripted result; it receives the normalised SQL.
    public typealias Handler = @Sendable (String, QueryOptions) async throws(DatabaseError) -> QueryResult

    /// One statement the connector was asked to run.
    public struct Execution: Sendable, Hashable {
        /// The SQL as it was passed in.
        public var sql: String
        /// The options it was passed with.
        public var options: QueryOptions
    }

    private struct State {
        var schema: DatabaseSchema
        var outcomes: [String: Result<QueryResult, DatabaseError>]
        var introspectionError: DatabaseError?
        var executions: [Execution] = []
        var introspectionCount = 0
    }

    /// The dialect it claims to speak.
    public let dialect: SQLDialect
    private let handler: Handler?
    private let state: Mutex<State>

    /// Creates a connector with `schema`, scripted `results` keyed by SQL, and an optional
    /// `handler` for other statements.
    public init(dialect: SQLDialect = .sqlite, schema: DatabaseSchema = DatabaseSchema(tables: []), results: [String: QueryResult] = [:], handler: Handler? = nil) {
        self.dialect = dialect
        self.handler = handler
        var outcomes: [String: Result<QueryResult, DatabaseError>] = [:]
        for (sql, result) in results {
            outcomes[Self.normalize(sql)] = .success(result)
        }
        self.state = Mutex(State(schema: schema, outcomes: outcomes))
    }

    /// `sql` without surrounding whitespace and trailing semicolons: the key results are matched by.
    public static func normalize(_ sql: String) -> String {
        var text = Substring(sql)
        while let last = text.last, last.isWhitespace || last == ";" {
            text.removeLast()
        }
        while let first = text.first, first.isWhitespace {
            text.removeFirst()
        }
        return String(text)
    }

    /// Scripts `result` as the answer to `sql`, replacing any earlier script for it.
    public func setResult(_ result: QueryResult, for sql: String) {
        state.withLock { $0.outcomes[Self.normalize(sql)] = .success(result) }
    }

    /// Scripts `error` as the failure of `sql`, replacing any earlier script for it.
    public func setError(_ error: DatabaseError, for sql: String) {
        state.withLock { $0.outcomes[Self.normalize(sql)] = .failure(error) }
    }

    /// Replaces the schema ``introspectSchema()`` returns.
    public func setSchema(_ schema: DatabaseSchema) {
        state.withLock { $0.schema = schema }
    }

    /// Makes ``introspectSchema()`` throw `error`, or succeed again when `nil`.
    public func setIntrospectionError(_ error: DatabaseError?) {
        state.withLock { $0.introspectionError = error }
    }

    /// Every statement passed to ``executeReadOnly(_:options:)``, as passed, in order (including failures).
    public var executedStatements: [String] {
        state.withLock { $0.executions.map(\.sql) }
    }

    /// Every call to ``executeReadOnly(_:options:)`` with its options, in order.
    public var executions: [Execution] {
        state.withLock { $0.executions }
    }

    /// How many times ``introspectSchema()`` was called.
    public var introspectionCount: Int {
        state.withLock { $0.introspectionCount }
    }

    /// The configured schema, or the configured introspection error.
    public func introspectSchema() async throws(DatabaseError) -> DatabaseSchema {
        let outcome = state.withLock { state -> Result<DatabaseSchema, DatabaseError> in
            state.introspectionCount += 1
            if let error = state.introspectionError { return .failure(error) }
            return .success(state.schema)
        }
        return try outcome.get()
    }

    /// Records `sql` and answers with its scripted result or the handler's, capped at `options.maxRows`.
    ///
    /// Throws ``DatabaseError/cancelled`` when the calling task is cancelled, and
    /// ``DatabaseError/queryFailed(_:)`` for a statement with no scripted result and no handler.
    public func executeReadOnly(_ sql: String, options: QueryOptions) async throws(DatabaseError) -> QueryResult {
        let key = Self.normalize(sql)
        let scripted = state.withLock { state -> Result<QueryResult, DatabaseError>? in
            state.executions.append(Execution(sql: sql, options: options))
            return state.outcomes[key]
        }
        if Task.isCancelled { throw .cancelled }
        let result: QueryResult
        if let scripted {
            result = try scripted.get()
        } else if let handler {
            result = try await handler(key, options)
        } else {
            throw .queryFailed("InMemoryDatabaseConnector has no scripted result for the statement: \(key)")
        }
        return Self.capped(result, maxRows: options.maxRows)
    }

    private static func capped(_ result: QueryResult, maxRows: Int) -> QueryResult {
        let limit = max(0, maxRows)
        guard result.rows.count > limit else { return result }
        return QueryResult(columns: result.columns, rows: Array(result.rows.prefix(limit)), truncated: true)
    }
}
