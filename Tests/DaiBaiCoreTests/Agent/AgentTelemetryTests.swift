import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Logging
import Testing

@Suite("The Agent's telemetry: the metrics of the contract in Docs/Telemetry.md, and failed-query log events")
struct AgentTelemetryTests {
    let acme = RequestContext(tenant: TenantID(rawValue: "acme")!, user: UserID(rawValue: "ana")!)

    func agent(_ fixture: AgentFixture, model: any LLMProvider, metrics: RecordingMetricsFactory, logs: LogCapture? = nil) throws -> Agent {
        Agent(
            model: model, databases: StaticDatabaseDirectory(databases: ["music": try SQLiteConnector(path: fixture.databasePath, metricsFactory: metrics)]),
            chats: fixture.chats, usageSink: fixture.usage,
            costEstimator: { usage, _ in Decimal(usage.inputTokens + usage.outputTokens) / 1000 },
            metricsFactory: metrics, logger: logs?.logger() ?? Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    @Test("an answered request counts once, per step, per model call and per token, with the tenant hashed")
    func answeredRequest() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let metrics = RecordingMetricsFactory()
        let model = ScriptedLLMProvider(name: "openai", model: "gpt-4o", replies: [.sql("SELECT name FROM genres LIMIT 3", input: 100, output: 20)])
        _ = try await agent(fixture, model: model, metrics: metrics).ask(AgentRequest(question: "Name three genres", context: acme))

        let hashed = TelemetryTenant.hashed(acme.tenant)
        #expect(hashed.count == 16 && hashed != "acme")
        #expect(metrics.total(DaiBaiMetricName.agentRequests, matching: ["tenant": hashed, "provider": "openai", "dialect": "sqlite", "outcome": "answered"]) == 1)
        #expect(metrics.total(DaiBaiMetricName.agentRequestDuration) > 0)
        for step in ["policy", "schema", "cache", "prompt", "generation", "extraction", "guard", "execution", "persistence", "usage"] {
            #expect(!metrics.values(DaiBaiMetricName.agentStepDuration, ["step": step, "outcome": "ok"]).isEmpty, "step \(step)")
        }
        #expect(metrics.total(DaiBaiMetricName.llmTokens, matching: ["type": "input", "payer": "platform", "provider": "openai"]) == 100)
        #expect(metrics.total(DaiBaiMetricName.llmTokens, matching: ["type": "output"]) == 20)
        #expect(metrics.total(DaiBaiMetricName.llmEstimatedCost, matching: ["provider": "openai"]) == 0.12)
        #expect(metrics.series(DaiBaiMetricName.llmRequestDuration).map { $0.dimensions["outcome"] } == ["ok"])
        #expect(metrics.values(DaiBaiMetricName.databaseQueryRows, ["db_system": "sqlite", "dialect": "sqlite"]) == [3])
        #expect(metrics.series(DaiBaiMetricName.databaseQueryDuration).map { $0.dimensions["outcome"] } == ["ok"])
        #expect(!metrics.allDimensionValues.contains("acme"), "the tenant appears only hashed")
    }

    @Test("a guard rejection is counted by rule, logged with the SQL's literals redacted, and the correction is counted")
    func guardRejection() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let metrics = RecordingMetricsFactory()
        let logs = LogCapture()
        let model = ScriptedLLMProvider(replies: [.sql("DELETE FROM genres WHERE name = 'Secret Genre'"), .sql("SELECT count(*) FROM genres")])
        _ = try await agent(fixture, model: model, metrics: metrics, logs: logs).ask(AgentRequest(question: "How many genres?", context: acme))
        #expect(metrics.values(DaiBaiMetricName.guardRejections, ["dialect": "sqlite", "rule": "not_a_read"]) == [1])
        #expect(metrics.values(DaiBaiMetricName.agentCorrections, ["provider": "scripted", "reason": "guard"]) == [1])
        #expect(logs.text.contains("the SQL guard refused a statement"))
        #expect(logs.text.contains("not_a_read"))
        #expect(!logs.text.contains("Secret Genre"))
    }

    @Test("a failed query is logged with the redacted SQL and the reason, and counted as a database correction")
    func failedQuery() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let metrics = RecordingMetricsFactory()
        let logs = LogCapture()
        let model = ScriptedLLMProvider(replies: [.sql("SELECT no_such_column FROM genres WHERE name = 'Hidden Value'"), .sql("SELECT count(*) FROM genres")])
        _ = try await agent(fixture, model: model, metrics: metrics, logs: logs).ask(AgentRequest(question: "How many genres?", context: acme))
        #expect(logs.text.contains("a query failed"))
        #expect(logs.text.contains("no_such_column"))
        #expect(!logs.text.contains("Hidden Value"))
        #expect(metrics.values(DaiBaiMetricName.agentCorrections, ["provider": "scripted", "reason": "database"]) == [1])
        #expect(metrics.series(DaiBaiMetricName.databaseQueryDuration).compactMap { $0.dimensions["outcome"] }.contains { $0 != "ok" })
    }

    @Test("a streamed answer records the time to first token; a failed request counts its outcome")
    func streamingAndFailure() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let metrics = RecordingMetricsFactory()
        let model = ScriptedLLMProvider(replies: [.sql("SELECT 1")])
        for try await _ in try agent(fixture, model: model, metrics: metrics).stream(AgentRequest(question: "One?", context: acme)) {}
        #expect(metrics.values(DaiBaiMetricName.llmTimeToFirstToken, ["provider": "scripted", "model": "scripted-model"]).count == 1)

        let failing = ScriptedLLMProvider(replies: [.failure(.overloaded(provider: "scripted"))])
        await #expect(throws: AgentError.self) {
            _ = try await agent(fixture, model: failing, metrics: metrics).ask(AgentRequest(question: "One?", context: acme))
        }
        #expect(metrics.total(DaiBaiMetricName.agentRequests, matching: ["outcome": "model_error"]) == 1)
        #expect(metrics.series(DaiBaiMetricName.llmRequestDuration).contains { $0.dimensions["outcome"] == "error" })
        #expect(!metrics.values(DaiBaiMetricName.agentStepDuration, ["step": "generation", "outcome": "error"]).isEmpty)
    }

    @Test("every SQLite store call is timed by kind and outcome")
    func storeCalls() async throws {
        let directory = try TemporaryDirectory("daibai-store-metrics")
        defer { directory.remove() }
        let metrics = RecordingMetricsFactory()
        let database = try SQLiteDatabase(path: directory.path + "/chat.sqlite", metricsFactory: metrics)
        let chats = try SQLiteChatStore(database: database)
        _ = try await chats.createConversation(id: "c1", title: "t", databaseName: nil, context: acme)
        _ = try await chats.conversations(limit: 10, context: acme)
        #expect(metrics.values(DaiBaiMetricName.storeOperationDuration, ["store": "sqlite", "kind": "write", "outcome": "ok"]).count == 1)
        #expect(metrics.values(DaiBaiMetricName.storeOperationDuration, ["store": "sqlite", "kind": "read", "outcome": "ok"]).count == 1)
    }
}
