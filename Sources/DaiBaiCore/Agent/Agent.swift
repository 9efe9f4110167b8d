import Foundation
import Logging
import Metrics
import Tracing

/// The thin orchestrator: turns a question into guarded SQL, optionally runs it, and records
/// the exchange, by composing the protocols of DaiBaiCore.
///
/// The pipeline, each step a tracing span and an ``AgentEvent``: usage policy → verified-query
/// cache → schema retrieval and pruning → prompt → generation → SQL extraction → SQL guard
/// (with table scope) → self-correction on a rejection or database error (up to
/// ``AgentConfiguration/maxAttempts``) → execution → chat history → usage events.
///
/// An Agent holds only shared, long-lived parts (and a cache of schemas); everything about a
/// request travels in its ``AgentRequest``, so one Agent serves any number of tenants at once.
public final class Agent: Sendable {
    /// The default language model (the platform's); requests use the one ``models`` picks.
    public let model: any LLMProvider
    /// Picks each request's model and payer; by default always ``model``, paid by the platform.
    public let models: any ModelResolver
    /// The embedder for questions and schema descriptions.
    public let embedder: any EmbeddingProvider
    /// Where requests' databases are found.
    public let databases: any DatabaseDirectory
    /// The chat history.
    public let chats: any ChatStore
    /// The verified-query cache.
    public let verifiedQueries: any VerifiedQueryStore
    /// Where usage events go.
    public let usageSink: any UsageSink
    /// What decides whether a request may spend money.
    public let usagePolicy: any UsagePolicy
    /// The append-only trail of who asked what and which SQL ran (one record per request).
    public let auditLog: any AuditLog
    /// How the Agent behaves.
    public let configuration: AgentConfiguration
    /// Prices a model call for the `daibai_llm_estimated_cost_usd_total` metric (DaiBaiLLM's
    /// `PriceTable.costEstimator`); `nil` records no cost.
    public let costEstimator: CostEstimator?
    /// Receives the Agent's metrics (``DaiBaiMetricName``); the application's bootstrapped backend by default.
    public let metricsFactory: any MetricsFactory
    let logger: Logger

    /// Estimates the cost in US dollars of `usage` tokens of `model`, or `nil` when unknown.
    public typealias CostEstimator = @Sendable (_ usage: TokenUsage, _ model: String) -> Decimal?
    let schemas = SchemaCatalog()

    /// Creates an Agent.
    /// - Parameters:
    ///   - model: The default language model.
    ///   - models: Picks each request's model, for example ``UserKeyModelResolver`` for
    ///     bring-your-own-key; `nil` always uses `model`, paid by the platform.
    ///   - embedder: Embeds questions and schemas; the local ``HashingEmbeddingProvider`` by default.
    ///   - databases: Where requests' databases are found.
    ///   - chats: The chat history.
    ///   - verifiedQueries: The verified-query cache; in memory by default.
    ///   - usageSink: Where usage events go; discarded by default.
    ///   - usagePolicy: The policy asked before money is spent; allow-all by default.
    ///   - auditLog: Receives one ``AuditRecord`` per request; discarded by default.
    ///   - configuration: Behaviour settings.
    ///   - costEstimator: Prices model calls for the cost metric; none by default.
    ///   - metricsFactory: Receives the Agent's metrics; `MetricsSystem.factory` by default.
    ///   - logger: Where diagnostics go; nothing is logged by default.
    public init(
        model: any LLMProvider,
        models: (any ModelResolver)? = nil,
        embedder: any EmbeddingProvider = HashingEmbeddingProvider(),
        databases: any DatabaseDirectory,
        chats: any ChatStore,
        verifiedQueries: any VerifiedQueryStore = InMemoryVerifiedQueryStore(),
        usageSink: any UsageSink = DiscardingUsageSink(),
        usagePolicy: any UsagePolicy = AllowAllUsagePolicy(),
        auditLog: any AuditLog = DiscardingAuditLog(),
        configuration: AgentConfiguration = AgentConfiguration(),
        costEstimator: CostEstimator? = nil,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        logger: Logger = Logger(label: "daibai.agent", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.model = model
        self.models = models ?? FixedModelResolver(model)
        self.embedder = embedder
        self.databases = databases
        self.chats = chats
        self.verifiedQueries = verifiedQueries
        self.usageSink = usageSink
        self.usagePolicy = usagePolicy
        self.auditLog = auditLog
        self.configuration = configuration
        self.costEstimator = costEstimator
        self.metricsFactory = metricsFactory
        self.logger = logger
    }

    /// Answers `request`.
    public func ask(_ request: AgentRequest) async throws(AgentError) -> AgentAnswer {
        let run = AgentRun(agent: self, request: request, emit: nil)
        return try await run.execute()
    }

    /// Answers `request`, reporting every step as it happens; the last event is
    /// ``AgentEvent/completed(_:)``, or the stream fails with an ``AgentError``.
    /// Cancelling the consuming task cancels the request.
    public func stream(_ request: AgentRequest) -> AsyncThrowingStream<AgentEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<AgentEvent, any Error>.makeStream()
        let task = Task {
            let run = AgentRun(agent: self, request: request, emit: { continuation.yield($0) })
            do {
                let answer = try await run.execute()
                continuation.yield(.completed(answer))
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Adds `sql` as the verified answer to `question` for the caller's tenant, after the
    /// guard accepts it against the database's current schema.
    @discardableResult
    public func markVerified(question: String, sql: String, databaseName: String?, source: VerificationSource = .user, context: RequestContext) async throws(AgentError) -> VerifiedQueryRecord {
        let database = try await resolve(databaseName, context: context)
        let entry = try await schemaEntry(for: database, context: context)
        let verdict = SQLGuard(dialect: database.connector.dialect).check(sql, allowedTables: entry.tableNames)
        guard let statement = verdict.statement else {
            throw .attemptsExhausted(attempts: 0, lastProblem: verdict.rejection?.message ?? "the SQL was rejected")
        }
        let vector = try await embed(question)
        let record = VerifiedQueryRecord(tenant: context.tenant, databaseName: database.name, schemaFingerprint: entry.fingerprint, question: question, sql: statement.sql, vector: vector, source: source)
        do {
            try await verifiedQueries.add(record, context: context)
        } catch {
            throw .invalidQuestion("the verified query could not be stored: \(error)")
        }
        return record
    }

    // MARK: Shared helpers for runs

    func resolve(_ name: String?, context: RequestContext) async throws(AgentError) -> ResolvedDatabase {
        do {
            return try await databases.database(named: name, context: context)
        } catch {
            throw .databaseUnavailable(name: name, reason: error.description)
        }
    }

    func schemaEntry(for database: ResolvedDatabase, context: RequestContext) async throws(AgentError) -> SchemaCatalog.Entry {
        do {
            return try await schemas.entry(
                for: .init(tenant: context.tenant, database: database.name),
                connector: database.connector, embedder: embedder,
                refreshInterval: configuration.schemaRefreshInterval)
        } catch {
            switch error {
            case .database(let databaseError): throw .databaseUnavailable(name: database.name, reason: databaseError.description)
            case .embedding(let llmError): throw .model(llmError)
            }
        }
    }

    func embed(_ question: String) async throws(AgentError) -> [Float] {
        do throws(LLMError) {
            guard let vector = try await embedder.embed([question]).first else {
                throw LLMError.transport(provider: embedder.name, message: "the embedder returned no vector")
            }
            return vector
        } catch {
            throw .model(error)
        }
    }
}
