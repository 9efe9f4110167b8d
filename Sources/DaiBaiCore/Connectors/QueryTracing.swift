import Logging
import Metrics
import Tracing

/// The tracing span and failure logging every connector wraps a query in.
enum QueryTracing {
    /// Runs `body` in a `daibai.database.query` client span with the system, dialect, row cap
    /// and outcome as attributes (never the SQL's values), records the query's duration and
    /// rows (``DaiBaiMetricName/databaseQueryDuration``, ``DaiBaiMetricName/databaseQueryRows``),
    /// and logs failures at debug level.
    static func traced(
        system: String, dialect: SQLDialect, options: QueryOptions, logger: Logger,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        _ body: () async -> Result<QueryResult, DatabaseError>
    ) async throws(DatabaseError) -> QueryResult {
        let started = ContinuousClock.now
        let result: Result<QueryResult, DatabaseError> = await withSpan(DaiBaiSpanName.databaseQuery, ofKind: .client) { span in
            span.attributes[DaiBaiSpanAttribute.dbSystem] = system
            span.attributes[DaiBaiSpanAttribute.dbOperation] = "SELECT"
            span.attributes[DaiBaiSpanAttribute.dialect] = dialect.rawValue
            span.attributes["daibai.query.max_rows"] = options.maxRows
            let result = await body()
            switch result {
            case .success(let value):
                span.attributes[DaiBaiSpanAttribute.dbReturnedRows] = value.rows.count
                span.attributes["daibai.query.truncated"] = value.truncated
            case .failure(let error):
                span.setStatus(SpanStatus(code: .error, message: error.kind))
            }
            return result
        }
        let outcome: String
        switch result {
        case .success(let value):
            outcome = "ok"
            Recorder(label: DaiBaiMetricName.databaseQueryRows, dimensions: [("db_system", system), ("dialect", dialect.rawValue)], factory: metricsFactory)
                .record(value.rows.count)
        case .failure(let error):
            outcome = error.kind
        }
        Timer(label: DaiBaiMetricName.databaseQueryDuration, dimensions: [("db_system", system), ("dialect", dialect.rawValue), ("outcome", outcome)], factory: metricsFactory)
            .recordNanoseconds(started.duration(to: .now).saturatingNanoseconds)
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            logger.debug("\(system) query failed", metadata: ["error": "\(error)"])
            throw error
        }
    }
}
