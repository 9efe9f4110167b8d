import DaiBaiCore
import DaiBaiTesting
import Foundation
import Testing

/// Every allowed request records the usage it incurred exactly once, whichever way it ends,
/// and the policy's settlement receives those events: tokens spent before a failure or a
/// cancellation are billed like any others.
@Suite("The Agent records its usage on every exit path")
struct AgentUsageExitPathTests {
    let acme = RequestContext(tenant: TenantID(rawValue: "acme")!, user: UserID(rawValue: "ana")!)

    @Test("guard rejections until the attempts run out: the tokens of every attempt are recorded and settled")
    func guardRejectionsExhaustAttempts() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [
            .sql("DELETE FROM tracks", input: 100, output: 20),
            .sql("DROP TABLE tracks", input: 130, output: 25),
            .sql("UPDATE tracks SET name = 'x'", input: 170, output: 30),
        ])
        let policy = ScriptedUsagePolicy()
        let agent = fixture.agent(model: model, policy: policy, configuration: AgentConfiguration(maxAttempts: 3))

        await #expect(throws: AgentError.self) { try await agent.ask(AgentRequest(question: "Break it", context: acme)) }

        #expect(model.requests.count == 3)
        #expect(fixture.usage.totals(for: acme.tenant) == [.inputTokens: 400, .outputTokens: 75])
        #expect(fixture.usage.recordCallCount == 1)
        #expect(Set(try #require(policy.settlements.first).events) == Set(fixture.usage.events))
    }

    @Test("database errors until the attempts run out: the tokens are recorded, no query or task is counted")
    func databaseErrorsExhaustAttempts() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [
            .sql("SELECT nonexistent_column FROM tracks", input: 90, output: 10),
            .sql("SELECT still_missing FROM tracks", input: 110, output: 12),
        ])

        let error = await #expect(throws: AgentError.self) {
            try await fixture.agent(model: model).ask(AgentRequest(question: "Track stuff", context: acme))
        }

        guard case .attemptsExhausted(2, _)? = error else {
            Issue.record("expected attemptsExhausted after 2 attempts, got \(String(describing: error))")
            return
        }
        #expect(fixture.usage.totals(for: acme.tenant) == [.inputTokens: 200, .outputTokens: 22])
    }

    @Test("a model error after a successful call: the first call's tokens are recorded and settled")
    func modelErrorAfterSuccessfulCall() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [
            .sql("SELECT nonexistent_column FROM tracks", input: 140, output: 18),
            .failure(.transport(provider: "scripted", message: "connection reset by peer")),
        ])
        let policy = ScriptedUsagePolicy()

        let error = await #expect(throws: AgentError.self) {
            try await fixture.agent(model: model, policy: policy).ask(AgentRequest(question: "Track stuff", context: acme))
        }

        #expect(error == .model(.transport(provider: "scripted", message: "connection reset by peer")))
        #expect(fixture.usage.totals(for: acme.tenant) == [.inputTokens: 140, .outputTokens: 18])
        #expect(policy.settlements.count == 1)
        #expect(Set(try #require(policy.settlements.first).events) == Set(fixture.usage.events))
    }

    @Test("no SQL in the answer: the tokens of the answer are recorded")
    func noSQLProduced() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [.text("I cannot answer that.", usage: TokenUsage(inputTokens: 80, outputTokens: 6))])

        await #expect(throws: AgentError.noSQLProduced(explanation: "I cannot answer that.")) {
            try await fixture.agent(model: model).ask(AgentRequest(question: "What is the weather?", context: acme))
        }

        #expect(fixture.usage.totals(for: acme.tenant) == [.inputTokens: 80, .outputTokens: 6])
    }

    @Test("cancelled after one model call: that call's tokens are recorded, even by a sink that honours cancellation")
    func cancelledAfterOneModelCall() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let (secondCall, signal) = AsyncStream<Void>.makeStream()
        // The first answer fails at the database; the second call waits until the request is cancelled.
        let model = ScriptedLLMProvider(replies: [.sql("SELECT nonexistent_column FROM tracks", input: 120, output: 15)]) { _ throws(LLMError) -> LLMResponse in
            signal.yield()
            do { try await Task.sleep(for: .seconds(600)) } catch { throw .cancelled }
            throw .cancelled
        }
        let sink = AgentUsageCancellationSensitiveSink()
        let policy = ScriptedUsagePolicy()
        let agent = Agent(
            model: model, databases: StaticDatabaseDirectory(databases: ["music": fixture.connector]),
            chats: fixture.chats, verifiedQueries: fixture.cache, usageSink: sink, usagePolicy: policy)
        let acme = self.acme
        let task = Task { () async throws(AgentError) -> AgentAnswer in
            try await agent.ask(AgentRequest(question: "Track stuff", context: acme))
        }
        var iterator = secondCall.makeAsyncIterator()
        _ = await iterator.next()
        task.cancel()
        let result = await task.result

        #expect(throws: AgentError.cancelled) { try result.get() }
        #expect(sink.recording.totals(for: acme.tenant) == [.inputTokens: 120, .outputTokens: 15])
        #expect(Set(try #require(policy.settlements.first).events) == Set(sink.recording.events))
    }

    @Test("the chat store fails after the query ran: tokens and the executed query are recorded, no completed task")
    func persistenceFailsAfterExecution() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let database = try SQLiteDatabase(path: fixture.directory.path + "/chat.sqlite")
        let chats = try SQLiteChatStore(database: database)
        try database.close()
        let model = ScriptedLLMProvider(replies: [.sql("SELECT title FROM albums", input: 100, output: 20)])
        let agent = Agent(
            model: model, databases: StaticDatabaseDirectory(databases: ["music": fixture.connector]),
            chats: chats, verifiedQueries: fixture.cache, usageSink: fixture.usage)

        let error = await #expect(throws: AgentError.self) {
            try await agent.ask(AgentRequest(question: "Album titles", context: acme))
        }

        guard case .chatStore? = error else {
            Issue.record("expected a chat store error, got \(String(describing: error))")
            return
        }
        #expect(fixture.usage.totals(for: acme.tenant) == [.inputTokens: 100, .outputTokens: 20, .queryExecuted: 1])
    }

    @Test("a successful answer records its usage once, in one batch")
    func successRecordsOnce() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [
            .sql("SELECT nonexistent_column FROM tracks", input: 100, output: 20),
            .sql("SELECT title FROM albums", input: 150, output: 25),
        ])

        let answer = try await fixture.agent(model: model).ask(AgentRequest(question: "Album titles", context: acme))

        #expect(answer.attempts == 2)
        #expect(fixture.usage.recordCallCount == 1)
        #expect(fixture.usage.totals(for: acme.tenant) == [.inputTokens: 250, .outputTokens: 45, .queryExecuted: 1, .taskCompleted: 1])
    }

    @Test("a failure before any model call records nothing and settles with no events")
    func failureBeforeAnyModelCall() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [.sql("SELECT 1")])
        let policy = ScriptedUsagePolicy()

        await #expect(throws: AgentError.self) {
            try await fixture.agent(model: model, policy: policy).ask(AgentRequest(question: "Anything", context: acme, databaseName: "missing"))
        }

        #expect(model.requests.isEmpty)
        #expect(fixture.usage.recordCallCount == 0)
        #expect(policy.settlements.map(\.events) == [[]])
    }
}

/// A sink that refuses to write from a cancelled task, as a database-backed sink does
/// (GRDB's async writes throw on cancellation); otherwise it records like ``RecordingUsageSink``.
final class AgentUsageCancellationSensitiveSink: UsageSink {
    let recording = RecordingUsageSink()

    func record(_ events: [UsageEvent]) async throws(UsageError) {
        if Task.isCancelled { throw .backend("the recording task was cancelled") }
        try await recording.record(events)
    }
}
