/// The names of every metric DaiBai emits through swift-metrics; units and dimensions are in
/// `Docs/Telemetry.md`. Dimension values are low-cardinality: tenants appear only hashed
/// (``TelemetryTenant/hashed(_:)``), never SQL, questions or keys.
public enum DaiBaiMetricName {
    /// Counter: answered or failed Agent requests. Dimensions `tenant` (hashed), `provider`,
    /// `model`, `dialect`, `outcome`.
    public static let agentRequests = "daibai_agent_requests_total"
    /// Timer (nanoseconds): a whole Agent request. Dimensions `provider`, `dialect`, `outcome`.
    public static let agentRequestDuration = "daibai_agent_request_duration"
    /// Timer (nanoseconds): one pipeline step. Dimensions `step`, `outcome` (`ok`, `error`).
    public static let agentStepDuration = "daibai_agent_step_duration"
    /// Counter: self-corrections asked of the model. Dimensions `provider`, `reason` (`guard`, `database`).
    public static let agentCorrections = "daibai_agent_corrections_total"
    /// Counter: statements the SQL guard refused. Dimensions `dialect`, `rule`.
    public static let guardRejections = "daibai_guard_rejections_total"
    /// Timer (nanoseconds): one model call. Dimensions `provider`, `model`, `outcome`.
    public static let llmRequestDuration = "daibai_llm_request_duration"
    /// Timer (nanoseconds): from a streamed model call's start to its first text. Dimensions `provider`, `model`.
    public static let llmTimeToFirstToken = "daibai_llm_time_to_first_token"
    /// Counter: model tokens. Dimensions `provider`, `model`, `type` (`input`, `output`), `payer`.
    public static let llmTokens = "daibai_llm_tokens_total"
    /// Floating-point counter: estimated model cost in US dollars. Dimensions `provider`, `model`, `payer`.
    public static let llmEstimatedCost = "daibai_llm_estimated_cost_usd_total"
    /// Timer (nanoseconds): one query on a data server. Dimensions `db_system`, `dialect`, `outcome`.
    public static let databaseQueryDuration = "daibai_database_query_duration"
    /// Recorder: rows a query returned. Dimensions `db_system`, `dialect`.
    public static let databaseQueryRows = "daibai_database_query_rows"
    /// Timer (nanoseconds): one store call. Dimensions `store` (`sqlite`, `cosmos`), `kind`
    /// (`read`/`write` for SQLite; the resource type for Cosmos), `outcome` (`ok`, `error`, or
    /// the HTTP status class for Cosmos).
    public static let storeOperationDuration = "daibai_store_operation_duration"
    /// Counter: outbound HTTP requests. Dimensions `method`, `status_class` (`2xx` … or `error`).
    public static let httpRequests = "daibai_http_requests_total"
    /// Timer (nanoseconds): outbound HTTP requests until the response head. Dimensions as ``httpRequests``.
    public static let httpRequestDuration = "daibai_http_request_duration"
    /// Counter: outbound HTTP requests that got no response. Dimensions `method`, `reason`.
    public static let httpRequestFailures = "daibai_http_request_failures_total"
}

/// The span names and attributes DaiBai sets, following the OpenTelemetry semantic
/// conventions where one exists (`gen_ai.*`, `db.*`, `http.*`) and `daibai.*` otherwise.
public enum DaiBaiSpanName {
    /// A pipeline step: `daibai.agent.<step>` (for example `daibai.agent.generation`).
    public static func agentStep(_ step: AgentStep) -> String { "daibai.agent.\(step.rawValue)" }
    /// A query on a data server (kind `client`).
    public static let databaseQuery = "daibai.database.query"
    /// An outbound HTTP request (kind `client`): `HTTP <method>`.
    public static func http(method: String) -> String { "HTTP \(method)" }
}

/// Span attribute keys.
public enum DaiBaiSpanAttribute {
    /// OpenTelemetry `gen_ai.system`: the model vendor.
    public static let genAISystem = "gen_ai.system"
    /// OpenTelemetry `gen_ai.operation.name` (`chat`).
    public static let genAIOperation = "gen_ai.operation.name"
    /// OpenTelemetry `gen_ai.request.model`.
    public static let genAIRequestModel = "gen_ai.request.model"
    /// OpenTelemetry `gen_ai.response.model`.
    public static let genAIResponseModel = "gen_ai.response.model"
    /// OpenTelemetry `gen_ai.usage.input_tokens`.
    public static let genAIInputTokens = "gen_ai.usage.input_tokens"
    /// OpenTelemetry `gen_ai.usage.output_tokens`.
    public static let genAIOutputTokens = "gen_ai.usage.output_tokens"
    /// OpenTelemetry `db.system.name` (`sqlite`, `postgresql`, …).
    public static let dbSystem = "db.system.name"
    /// OpenTelemetry `db.operation.name` (`SELECT`).
    public static let dbOperation = "db.operation.name"
    /// OpenTelemetry `db.response.returned_rows`.
    public static let dbReturnedRows = "db.response.returned_rows"
    /// The hashed tenant (``TelemetryTenant/hashed(_:)``).
    public static let tenant = "daibai.tenant"
    /// The generation attempt of a step.
    public static let attempt = "daibai.attempt"
    /// The SQL dialect.
    public static let dialect = "daibai.sql.dialect"
    /// The guard rule that refused a statement.
    public static let guardRule = "daibai.guard.rule"
    /// Whose key paid for the model call.
    public static let payer = "daibai.payer"
}
