import Logging
import Tracing

/// The tracing span and failure logging every connector wraps a query in.
enum QueryTracing {
    /// Runs `body` in a `daibai.database.query` client span with the dialect, row cap and
    /// outcome as attributes (never the SQL's values), and logs failures at debug level.
    static func traced(
        system: String, dialect: SQLDialect, options: QueryOptions, logger: Logger,
        _ body: () async -> Result<QueryResult, DatabaseError>
    ) async throws(DatabaseError) -> QueryResult {
        let result: Result<QueryResult, DatabaseError> = await withSpan("daibai.database.query", ofKind: .client) { span in
            span.attributes["db.system"] = system
            span.attributes["daibai.sql.dialect"] = dialect.rawValue
            span.attributes["daibai.query.max_rows"] = options.maxRows
            let result = await body()
            switch result {
            case .success(let value):
                span.attributes["daibai.query.rows"] = value.rows.count
                span.attributes["daibai.query.truncated"] = value.truncated
            case .failure(let error):
                span.setStatus(SpanStatus(code: .error, message: error.kind))
            }
            return result
        }
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            logger.debug("\(system) query failed", metadata: ["error": "\(error)"])
            throw error
        }
    }
}
