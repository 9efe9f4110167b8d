import Foundation
import Logging
import Tracing

/// One request going through the pipeline. Lives only for the request: nothing of it is kept
/// on the ``Agent``.
final class AgentRun {
    let agent: Agent
    let request: AgentRequest
    let emit: (@Sendable (AgentEvent) -> Void)?
    private var steps: [AgentStepReport] = []
    private var usage = TokenUsage(inputTokens: 0, outputTokens: 0)
    private var modelName: String?
    /// The model and payer ``Agent/models`` picked for this request.
    private var resolved: ResolvedModel
    private var recordedEvents: [UsageEvent] = []
    /// Whether the run's usage was recorded; it is recorded once, whichever way the run ends.
    private var usageRecorded = false
    /// Whether a query returned rows (a ``UsageKind/queryExecuted`` event is due).
    private var queryExecuted = false
    private let telemetry: AgentTelemetry
    /// The dialect of the request's database, once resolved (for metrics).
    private var dialectName = "unknown"
    /// The last SQL the model proposed and the attempts made, for the audit record of a failure.
    private var lastSQL: String?
    private var attemptsMade = 0

    init(agent: Agent, request: AgentRequest, emit: (@Sendable (AgentEvent) -> Void)?) {
        self.agent = agent
        self.request = request
        self.emit = emit
        self.resolved = ResolvedModel(provider: agent.model, payer: .platform)
        self.telemetry = AgentTelemetry(factory: agent.metricsFactory, tenant: request.context.tenant)
    }

    private var configuration: AgentConfiguration { agent.configuration }
    private var context: RequestContext { request.context }

    func execute() async throws(AgentError) -> AgentAnswer {
        let started = ContinuousClock.now
        do {
            let answer = try await executeRequest()
            telemetry.request(provider: resolved.provider.name, model: modelName ?? resolved.provider.model, dialect: dialectName, outcome: "answered", duration: started.duration(to: .now))
            await audit(.answered(answer, context: context, provider: resolved.provider.name, payer: resolved.payer))
            return answer
        } catch {
            telemetry.request(provider: resolved.provider.name, model: modelName ?? resolved.provider.model, dialect: dialectName, outcome: Self.outcome(of: error), duration: started.duration(to: .now))
            await audit(.failed(error, request: request, sql: lastSQL, attempts: attemptsMade, provider: resolved.provider.name, model: modelName, payer: resolved.payer))
            throw error
        }
    }

    /// Appends the request's audit record, outside the request's cancellation; a failure is
    /// logged loudly and does not change the answer.
    private func audit(_ record: AuditRecord) async {
        let log = agent.auditLog
        let context = self.context
        let failure: AuditLogError? = await Task {
            do throws(AuditLogError) {
                try await log.append(record, context: context)
                return nil
            } catch {
                return error
            }
        }.value
        if let failure {
            agent.logger.error("the audit record could not be appended", metadata: ["tenant": "\(telemetry.tenant)", "error": "\(failure)"])
        }
    }

    /// The metric outcome of a failed request.
    static func outcome(of error: AgentError) -> String {
        switch error {
        case .usageDenied: "denied"
        case .invalidQuestion: "invalid_question"
        case .databaseUnavailable: "database_unavailable"
        case .noSQLProduced: "no_sql"
        case .attemptsExhausted: "attempts_exhausted"
        case .model: "model_error"
        case .modelUnavailable: "model_unavailable"
        case .chatStore: "chat_store_error"
        case .cancelled: "cancelled"
        }
    }

    private func executeRequest() async throws(AgentError) -> AgentAnswer {
        let question = request.question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { throw .invalidQuestion("the question is empty") }
        guard question.count <= configuration.maxQuestionLength else {
            throw .invalidQuestion("the question has \(question.count) characters; the limit is \(configuration.maxQuestionLength)")
        }

        // 1. The model and whose key pays for it (the user's, the tenant's or the platform's).
        let resolver = agent.models
        let requestContext = context
        do throws(ModelResolutionError) {
            resolved = try await resolver.model(for: requestContext)
        } catch {
            agent.logger.warning("no model for the request", metadata: ["tenant": "\(requestContext.tenant)", "error": "\(error)"])
            throw .modelUnavailable(error)
        }

        // 2. Usage policy, before any money is spent.
        let policy = agent.usagePolicy
        let usageRequest = UsageRequest(context: context, provider: resolved.provider.name, model: resolved.provider.model, payer: resolved.payer)
        let decision = try await step(.policy, detail: { (decision: UsageDecision) in decision == .allow ? "allowed" : "denied" }) { () async throws(AgentError) -> UsageDecision in
            await policy.authorize(usageRequest)
        }
        if case .deny(let denial) = decision { throw .usageDenied(denial) }

        // Every allowed request records the usage it incurred and is settled with the policy,
        // whichever way it ends: tokens spent before a failure or a cancellation are billed too.
        do {
            let answer = try await answer(question)
            await settle(usageRequest)
            return answer
        } catch {
            if !usageRecorded { await recordUsage(executed: queryExecuted, completed: false) }
            await settle(usageRequest)
            throw error
        }
    }

    /// Steps 3 to 12, once the policy allowed the request.
    private func answer(_ question: String) async throws(AgentError) -> AgentAnswer {
        // 3. Verified-query cache, keyed by tenant, database and schema fingerprint.
        let database = try await agent.resolve(request.databaseName, context: context)
        let dialect = database.connector.dialect
        dialectName = dialect.rawValue
        let entry = try await step(.schema, detail: { (entry: SchemaCatalog.Entry) in "\(entry.schema.tables.count) tables" }) { () async throws(AgentError) in
            try await agent.schemaEntry(for: database, context: context)
        }
        let questionVector = try await agent.embed(question)
        let hit = try await step(.cache, detail: { (hit: VerifiedQueryMatcher.Match?) in hit.map { String(format: "hit (similarity %.2f)", $0.similarity) } ?? "miss" }) { () async throws(AgentError) in
            let candidates: [VerifiedQueryRecord]
            do {
                candidates = try await agent.verifiedQueries.queries(databaseName: database.name, schemaFingerprint: entry.fingerprint, context: context)
            } catch {
                agent.logger.warning("verified-query cache unavailable", metadata: ["error": "\(error)"])
                candidates = []
            }
            return VerifiedQueryMatcher(threshold: configuration.cacheThreshold).bestMatch(for: questionVector, among: candidates)
        }

        let guardRail = SQLGuard(dialect: dialect)
        let execute = request.execute ?? configuration.executeByDefault
        var history: [ChatMessage] = []
        if let conversationID = request.conversationID {
            do throws(ChatStoreError) {
                guard try await agent.chats.conversation(id: conversationID, context: context) != nil else {
                    throw ChatStoreError.conversationNotFound(id: conversationID)
                }
                history = try await agent.chats.messages(inConversation: conversationID, limit: configuration.prompt.historyMessages, context: context)
            } catch {
                throw .chatStore(error)
            }
        }

        var sql: String
        var result: QueryResult?
        var attempts = 0
        let source: AnswerSource
        if let hit {
            // Verified SQL is still guarded: the guard is the last word on what runs.
            let verdict = guardRail.check(hit.query.sql, allowedTables: entry.tableNames)
            guard let statement = verdict.statement else {
                throw .attemptsExhausted(attempts: 0, lastProblem: verdict.rejection?.message ?? "the cached SQL was rejected")
            }
            sql = statement.sql
            source = .verifiedCache
            emit?(.sql(sql, attempt: 0))
            if execute {
                switch await run(sql, on: database, attempt: 0) {
                case .rows(let rows): result = rows
                case .problem(let problem): throw .attemptsExhausted(attempts: 0, lastProblem: problem)
                }
            }
        } else {
            // 4. Schema pruning; 5. prompt; 6–9. generation, extraction, guard, self-correction.
            let selection = try await step(.schema, detail: { (selection: SchemaSelection) in "\(selection.tables.count) of \(entry.schema.tables.count) tables" }) { () async throws(AgentError) in
                entry.index.select(questionVector: questionVector, question: question, budget: configuration.schemaBudget)
            }
            let ddl = entry.schema.renderDDL(tables: selection.tableNames, dialect: dialect)
            var corrections: [PromptBuilder.Correction] = []
            var outcome: (String, QueryResult?)?
            while outcome == nil {
                attempts += 1
                let messages = try await step(.prompt, attempt: attempts, detail: { (messages: [LLMMessage]) in "\(messages.count) messages" }) { () async throws(AgentError) in
                    configuration.prompt.messages(question: question, dialect: dialect, databaseName: database.name, schemaDDL: ddl, history: history, corrections: corrections)
                }
                let answerText = try await generate(messages, attempt: attempts)
                guard let extraction = try await step(.extraction, attempt: attempts, detail: { (extraction: SQLExtractor.Extraction?) in extraction == nil ? "no SQL" : "found" }, { () async throws(AgentError) in SQLExtractor.extract(from: answerText) }) else {
                    throw .noSQLProduced(explanation: Self.shortExplanation(answerText))
                }
                emit?(.sql(extraction.sql, attempt: attempts))
                lastSQL = extraction.sql
                attemptsMade = attempts
                let verdict = try await step(.guardCheck, attempt: attempts, detail: { (verdict: SQLGuardVerdict) in verdict.isAllowed ? "allowed" : "rejected" }) { () async throws(AgentError) in
                    guardRail.check(extraction.sql, allowedTables: selection.allowedTables)
                }
                var problem: String
                if let statement = verdict.statement {
                    if !execute {
                        outcome = (statement.sql, nil)
                        break
                    }
                    switch await run(statement.sql, on: database, attempt: attempts) {
                    case .rows(let rows):
                        outcome = (statement.sql, rows)
                        continue
                    case .problem(let message):
                        problem = "the database reported: \(message)"
                    }
                } else {
                    problem = verdict.rejection?.message ?? "the SQL was rejected"
                    let rule = verdict.rejection?.code ?? "unknown"
                    telemetry.guardRejection(dialect: dialect.rawValue, rule: rule)
                    agent.logger.info("the SQL guard refused a statement", metadata: [
                        "tenant": "\(telemetry.tenant)", "dialect": "\(dialect.rawValue)", "rule": "\(rule)",
                        "sql": "\(guardRail.redactingLiterals(extraction.sql))", "attempt": "\(attempts)",
                    ])
                }
                guard attempts < configuration.maxAttempts else {
                    throw .attemptsExhausted(attempts: attempts, lastProblem: problem)
                }
                telemetry.correction(provider: resolved.provider.name, reason: verdict.isAllowed ? "database" : "guard")
                emit?(.retrying(reason: problem, attempt: attempts))
                corrections.append(.init(previousAnswer: answerText, problem: problem))
            }
            guard let outcome else { throw .attemptsExhausted(attempts: attempts, lastProblem: "no outcome") }
            (sql, result) = outcome
            source = .model
        }
        if let result { emit?(.rows(result)) }

        // 11. Chat history (results capped); 12. usage events.
        let conversationID = try await persist(question: question, sql: sql, result: result, databaseName: database.name)
        await recordUsage(executed: result != nil, completed: true)
        if configuration.cacheSuccessfulExecutions, source == .model, result != nil {
            let record = VerifiedQueryRecord(tenant: context.tenant, databaseName: database.name, schemaFingerprint: entry.fingerprint, question: question, sql: sql, vector: questionVector, source: .execution)
            do { try await agent.verifiedQueries.add(record, context: context) } catch {
                agent.logger.warning("could not add to the verified-query cache", metadata: ["error": "\(error)"])
            }
        }
        return AgentAnswer(question: question, databaseName: database.name, sql: sql, source: source, result: result, conversationID: conversationID, attempts: attempts, usage: usage, model: modelName, steps: steps)
    }

    // MARK: Steps

    /// Runs `body` as the step `kind`: a tracing span, a duration, a report and an event.
    /// A cancelled request stops before the step unless `honoursCancellation` is false.
    private func step<T>(
        _ kind: AgentStep, attempt: Int = 1, honoursCancellation: Bool = true, detail: (T) -> String = { _ in "" },
        annotate: (T, any Span) -> Void = { _, _ in },
        _ body: () async throws(AgentError) -> T
    ) async throws(AgentError) -> T {
        if honoursCancellation, Task.isCancelled { throw .cancelled }
        let start = ContinuousClock.now
        let span = startSpan(DaiBaiSpanName.agentStep(kind))
        span.attributes[DaiBaiSpanAttribute.tenant] = telemetry.tenant
        span.attributes[DaiBaiSpanAttribute.attempt] = attempt
        if kind == .generation {
            span.attributes[DaiBaiSpanAttribute.genAISystem] = resolved.provider.name
            span.attributes[DaiBaiSpanAttribute.genAIOperation] = "chat"
            span.attributes[DaiBaiSpanAttribute.genAIRequestModel] = resolved.provider.model
            span.attributes[DaiBaiSpanAttribute.payer] = resolved.payer.rawValue
        }
        defer { span.end() }
        do {
            let value = try await body()
            annotate(value, span)
            let duration = start.duration(to: .now)
            telemetry.step(kind, duration: duration, succeeded: true)
            let report = AgentStepReport(step: kind, attempt: attempt, duration: duration, detail: detail(value))
            steps.append(report)
            emit?(.step(report))
            return value
        } catch {
            telemetry.step(kind, duration: start.duration(to: .now), succeeded: false)
            span.recordError(error)
            throw error
        }
    }

    private func generate(_ messages: [LLMMessage], attempt: Int) async throws(AgentError) -> String {
        let model = resolved.provider
        let payer = resolved.payer
        let telemetry = self.telemetry
        let llmRequest = LLMRequest(messages: messages, temperature: configuration.temperature)
        let emit = self.emit
        let started = ContinuousClock.now
        let response = try await step(.generation, attempt: attempt, detail: { (response: LLMResponse) in "\(response.usage?.totalTokens ?? 0) tokens" }, annotate: { response, span in
            span.attributes[DaiBaiSpanAttribute.genAIResponseModel] = response.model
            if let usage = response.usage {
                span.attributes[DaiBaiSpanAttribute.genAIInputTokens] = usage.inputTokens
                span.attributes[DaiBaiSpanAttribute.genAIOutputTokens] = usage.outputTokens
            }
        }) { () async throws(AgentError) -> LLMResponse in
            do throws(LLMError) {
                if let emit {
                    return try await Self.streamed(model: model, request: llmRequest, emit: emit) { firstToken in
                        telemetry.timeToFirstToken(provider: model.name, model: model.model, duration: started.duration(to: firstToken))
                    }
                }
                return try await model.complete(llmRequest)
            } catch {
                telemetry.modelCall(provider: model.name, model: model.model, duration: started.duration(to: .now), outcome: error == .cancelled ? "cancelled" : "error")
                throw error == .cancelled ? .cancelled : .model(error)
            }
        }
        let answeredModel = response.model.isEmpty ? model.model : response.model
        telemetry.modelCall(provider: model.name, model: answeredModel, duration: started.duration(to: .now), outcome: "ok")
        if let used = response.usage {
            telemetry.tokens(provider: model.name, model: answeredModel, payer: payer, usage: used)
            if let cost = agent.costEstimator?(used, answeredModel) {
                telemetry.cost(provider: model.name, model: answeredModel, payer: payer, usd: cost)
            }
        }
        modelName = response.model
        if let used = response.usage { usage = usage + used }
        return response.text
    }

    private static func streamed(model: any LLMProvider, request: LLMRequest, emit: @Sendable (AgentEvent) -> Void, firstToken: (ContinuousClock.Instant) -> Void) async throws(LLMError) -> LLMResponse {
        var text = ""
        var sawText = false
        var usage: TokenUsage?
        var finish = FinishReason.stop
        do {
            for try await event in model.stream(request) {
                switch event {
                case .textDelta(let delta):
                    if !sawText, !delta.isEmpty {
                        sawText = true
                        firstToken(.now)
                    }
                    text += delta
                    emit(.modelDelta(delta))
                case .usage(let reported): usage = reported
                case .finished(let reason): finish = reason
                }
            }
        } catch let error as LLMError {
            throw error
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .transport(provider: model.name, message: "\(error)")
        }
        return LLMResponse(text: text, usage: usage, finishReason: finish, model: model.model)
    }

    /// What running a statement gave: rows, or a problem the model may be able to fix.
    enum ExecutionOutcome {
        case rows(QueryResult)
        case problem(String)
    }

    /// Runs `sql`; a failure comes back as its message, for the model to correct.
    private func run(_ sql: String, on database: ResolvedDatabase, attempt: Int) async -> ExecutionOutcome {
        let options = configuration.queryOptions
        let connector = database.connector
        var problem = ""
        let rows = try? await step(.execution, attempt: attempt, detail: { (rows: QueryResult?) in rows.map { "\($0.rows.count) rows\($0.truncated ? " (truncated)" : "")" } ?? "failed" }) { () async throws(AgentError) -> QueryResult? in
            do throws(DatabaseError) {
                return try await connector.executeReadOnly(sql, options: options)
            } catch {
                problem = error.description
                return nil
            }
        }
        if let rows {
            queryExecuted = true
            return .rows(rows)
        }
        let reason = problem.isEmpty ? "the query was cancelled" : problem
        agent.logger.warning("a query failed", metadata: [
            "tenant": "\(telemetry.tenant)", "database": "\(database.name)", "dialect": "\(connector.dialect.rawValue)",
            "sql": "\(SQLGuard(dialect: connector.dialect).redactingLiterals(sql))", "reason": "\(reason)", "attempt": "\(attempt)",
        ])
        return .problem(reason)
    }

    private func persist(question: String, sql: String, result: QueryResult?, databaseName: String) async throws(AgentError) -> String {
        let storedRows = configuration.storedRows
        let requested = request.conversationID
        return try await step(.persistence, detail: { (id: String) in "conversation \(id)" }) { () async throws(AgentError) -> String in
            do throws(ChatStoreError) {
                let id: String
                if let requested {
                    id = requested
                } else {
                    id = try await agent.chats.createConversation(id: nil, title: String(question.prefix(80)), databaseName: databaseName, context: context).id
                }
                _ = try await agent.chats.appendMessage(ChatMessageDraft(role: .user, content: question), toConversation: id, context: context)
                let summary = result.map { "\($0.rows.count) row(s)\($0.truncated ? ", truncated" : "")" } ?? "SQL not executed"
                _ = try await agent.chats.appendMessage(ChatMessageDraft(role: .assistant, content: summary, sql: sql, result: result?.stored(maxRows: storedRows)), toConversation: id, context: context)
                return id
            } catch {
                throw .chatStore(error)
            }
        }
    }

    /// Records the run's usage once: the tokens of every model call so far, an executed query,
    /// a completed task. It runs even when the request was cancelled (outside its cancellation,
    /// so the sink's write is not abandoned): the tokens were spent either way.
    private func recordUsage(executed: Bool, completed: Bool) async {
        guard !usageRecorded else { return }
        usageRecorded = true
        var events: [UsageEvent] = []
        let tenant = context.tenant
        let user = context.user
        let provider = resolved.provider.name
        let payer = resolved.payer
        if usage.inputTokens > 0 { events.append(UsageEvent(tenant: tenant, user: user, kind: .inputTokens, provider: provider, model: modelName, quantity: usage.inputTokens, payer: payer)) }
        if usage.outputTokens > 0 { events.append(UsageEvent(tenant: tenant, user: user, kind: .outputTokens, provider: provider, model: modelName, quantity: usage.outputTokens, payer: payer)) }
        if executed { events.append(UsageEvent(tenant: tenant, user: user, kind: .queryExecuted, quantity: 1)) }
        if completed { events.append(UsageEvent(tenant: tenant, user: user, kind: .taskCompleted, quantity: 1)) }
        guard !events.isEmpty else { return }
        recordedEvents += events
        let sink = agent.usageSink
        let logger = agent.logger
        let batch = events
        try? await step(.usage, honoursCancellation: false, detail: { (_: Void) in "\(batch.count) events" }) { () async throws(AgentError) in
            let failure: UsageError? = await Task {
                do throws(UsageError) {
                    try await sink.record(batch)
                    return nil
                } catch {
                    return error
                }
            }.value
            if let failure {
                // The answer stands; the sink is responsible for durability. Say so loudly.
                logger.error("usage events could not be recorded", metadata: ["error": "\(failure)", "tenant": "\(tenant)"])
            }
        }
    }

    /// Tells the policy the request is over. It runs outside the request's cancellation, so a
    /// cancelled request still releases what the policy reserved for it.
    private func settle(_ usageRequest: UsageRequest) async {
        let policy = agent.usagePolicy
        let events = recordedEvents
        await Task { await policy.settle(usageRequest, events: events) }.value
    }

    static func shortExplanation(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count <= 300 ? trimmed : String(trimmed.prefix(300)) + "…"
    }
}
