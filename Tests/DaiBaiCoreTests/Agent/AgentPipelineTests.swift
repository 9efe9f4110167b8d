import DaiBaiCore
import DaiBaiTesting
import Foundation
import Testing

@Suite("The Agent pipeline, end to end on a real SQLite database with a scripted model")
struct AgentPipelineTests {
    let acme = RequestContext(tenant: TenantID(rawValue: "acme")!, user: UserID(rawValue: "ana")!)

    @Test("a question becomes guarded SQL, runs, is stored, and its usage is recorded")
    func happyPath() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [.sql("SELECT name FROM genres ORDER BY name LIMIT 3")])
        let answer = try await fixture.agent(model: model).ask(AgentRequest(question: "Name three genres", context: acme))

        #expect(answer.sql == "SELECT name FROM genres ORDER BY name LIMIT 3")
        #expect(answer.source == .model)
        #expect(answer.attempts == 1)
        #expect(answer.result?.columns == ["name"])
        #expect(answer.result?.rows.count == 3)
        #expect(answer.usage == TokenUsage(inputTokens: 100, outputTokens: 20))
        #expect(answer.steps.map(\.step) == [.policy, .schema, .cache, .schema, .prompt, .generation, .extraction, .guardCheck, .execution, .persistence, .usage])

        let request = try #require(model.requests.first)
        #expect(request.temperature == 0)
        #expect(request.messages.first?.role == .system)
        #expect(request.messages.first?.content.contains("CREATE TABLE genres") == true)
        #expect(request.messages.last == .user("Name three genres"))

        let stored = try await fixture.chats.messages(inConversation: answer.conversationID, limit: 10, context: acme)
        #expect(stored.map(\.role) == [.user, .assistant])
        #expect(stored[1].sql == answer.sql)
        #expect(stored[1].result?.rowCount == 3)

        #expect(fixture.usage.totals(for: acme.tenant) == [.inputTokens: 100, .outputTokens: 20, .queryExecuted: 1, .taskCompleted: 1])
        #expect(fixture.usage.events.allSatisfy { $0.user == acme.user })
    }

    @Test("pruning keeps the tables the question needs and the guard allows exactly those", arguments: [
        ("Which genres bring in the most revenue from invoice lines?", ["genres", "tracks", "invoice_lines"]),
        ("How many customers does each employee support?", ["customers", "employees"]),
        ("Which playlists have the most tracks?", ["playlists", "playlist_tracks", "tracks"]),
    ])
    func pruningKeepsGoldTables(question: String, gold: [String]) async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [.sql("SELECT 1")])
        _ = try await fixture.agent(model: model).ask(AgentRequest(question: question, context: acme, execute: false))
        let system = try #require(model.requests.first?.messages.first?.content)
        for table in gold {
            #expect(system.contains("CREATE TABLE \(table) ("), "\(table) must be in the prompt for: \(question)")
        }
        let kept = system.components(separatedBy: "CREATE TABLE ").count - 1
        #expect(kept < 11, "the prompt holds a pruned schema, not all 11 tables (kept \(kept))")
    }

    @Test("a verified-query cache hit skips the model")
    func cacheHitSkipsTheModel() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [])
        let agent = fixture.agent(model: model)
        try await agent.markVerified(question: "How many tracks are there?", sql: "SELECT count(*) AS tracks FROM tracks", databaseName: nil, context: acme)

        let answer = try await agent.ask(AgentRequest(question: "How many tracks are there?", context: acme))
        #expect(answer.source == .verifiedCache)
        #expect(answer.attempts == 0)
        #expect(model.requests.isEmpty)
        #expect(answer.result?.rows.first?.first == .integer(1810))
        #expect(fixture.usage.totals(for: acme.tenant) == [.queryExecuted: 1, .taskCompleted: 1])

        let otherTenant = RequestContext(tenant: TenantID(rawValue: "globex")!, user: .local)
        await #expect(throws: AgentError.self) {
            try await agent.ask(AgentRequest(question: "How many tracks are there?", context: otherTenant))
        }
        #expect(model.requests.count == 1, "another tenant's verified queries never match")
    }

    @Test("a guard rejection goes back to the model, which corrects itself")
    func guardRejectionSelfCorrects() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [.sql("DELETE FROM invoices"), .sql("SELECT count(*) FROM invoices")])
        let answer = try await fixture.agent(model: model).ask(AgentRequest(question: "How many invoices are there?", context: acme))
        #expect(answer.attempts == 2)
        #expect(answer.sql == "SELECT count(*) FROM invoices")
        #expect(answer.usage == TokenUsage(inputTokens: 200, outputTokens: 40))
        let correction = try #require(model.requests.last?.messages.last)
        #expect(correction.role == .user)
        #expect(correction.content.contains("DELETE"))
    }

    @Test("a database error goes back to the model, which corrects itself")
    func databaseErrorSelfCorrects() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [.sql("SELECT nonexistent_column FROM tracks"), .sql("SELECT count(*) FROM tracks")])
        let answer = try await fixture.agent(model: model).ask(AgentRequest(question: "How many tracks are there?", context: acme))
        #expect(answer.attempts == 2)
        #expect(model.requests.last?.messages.last?.content.contains("nonexistent_column") == true)
    }

    @Test("attempts are bounded; the last problem is reported")
    func attemptsExhausted() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [.sql("DROP TABLE tracks"), .sql("UPDATE tracks SET name = 'x'"), .sql("SELECT 1")])
        let error = await #expect(throws: AgentError.self) {
            try await fixture.agent(model: model).ask(AgentRequest(question: "Break it", context: acme))
        }
        guard case .attemptsExhausted(let attempts, let problem)? = error else {
            Issue.record("expected attemptsExhausted, got \(String(describing: error))")
            return
        }
        #expect(attempts == 2)
        #expect(problem.contains("UPDATE"))
        #expect(model.requests.count == 2)
        #expect(fixture.usage.totals(for: acme.tenant) == [.inputTokens: 200, .outputTokens: 40], "tokens spent on failures are still billed")
    }

    @Test("an answer without SQL is a clear error, never prose passed off as SQL")
    func noSQL() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [.text("I cannot answer that from this schema.")])
        let error = await #expect(throws: AgentError.self) {
            try await fixture.agent(model: model).ask(AgentRequest(question: "What is the weather?", context: acme))
        }
        #expect(error == .noSQLProduced(explanation: "I cannot answer that from this schema."))
        #expect(error?.description.hasPrefix("No SQL produced.") == true)
        #expect(try await fixture.chats.conversations(limit: 10, context: acme).isEmpty)
    }

    @Test("the usage policy is asked first, and a denial spends nothing")
    func policyDenies() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [.sql("SELECT 1")])
        let policy = ScriptedUsagePolicy.denyingAll(reason: "credits exhausted", code: .creditsExhausted)
        let error = await #expect(throws: AgentError.self) {
            try await fixture.agent(model: model, policy: policy).ask(AgentRequest(question: "Anything", context: acme))
        }
        #expect(error == .usageDenied(UsageDenial(.creditsExhausted, message: "credits exhausted")))
        #expect(error?.description == "The request was not allowed: credits exhausted")
        #expect(model.requests.isEmpty)
        #expect(fixture.usage.events.isEmpty)
        #expect(policy.requests.first?.context == acme)
        #expect(policy.settlements.isEmpty, "a denied request reserved nothing, so there is nothing to settle")
    }

    @Test("an allowed request is settled once, with the usage events it recorded")
    func policySettledAfterSuccess() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [.sql("SELECT title FROM albums", input: 100, output: 20)])
        let policy = ScriptedUsagePolicy()
        _ = try await fixture.agent(model: model, policy: policy).ask(AgentRequest(question: "Album titles", context: acme))
        let settlement = try #require(policy.settlements.first)
        #expect(policy.settlements.count == 1)
        #expect(settlement.request == policy.requests.first)
        #expect(Set(settlement.events) == Set(fixture.usage.events))
        #expect(settlement.events.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.inputTokens, .outputTokens, .queryExecuted, .taskCompleted])
    }

    @Test("a failed request is settled too, so a reservation is never left behind")
    func policySettledAfterFailure() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [.text("I cannot answer that from this schema.")])
        let policy = ScriptedUsagePolicy()
        await #expect(throws: AgentError.self) {
            try await fixture.agent(model: model, policy: policy).ask(AgentRequest(question: "What is the weather?", context: acme))
        }
        #expect(policy.settlements.count == 1)
        #expect(policy.settlements.first?.request == policy.requests.first)
    }

    @Test("a request cancelled during generation is settled with the policy all the same")
    func policySettledAfterCancellation() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let (started, signal) = AsyncStream<Void>.makeStream()
        let model = ScriptedLLMProvider { _ throws(LLMError) -> LLMResponse in
            signal.yield()
            do { try await Task.sleep(for: .seconds(600)) } catch { throw .cancelled }
            throw .cancelled
        }
        let policy = ScriptedUsagePolicy()
        let agent = fixture.agent(model: model, policy: policy)
        let acme = self.acme
        let task = Task { () async throws(AgentError) -> AgentAnswer in
            try await agent.ask(AgentRequest(question: "Album titles", context: acme))
        }
        var iterator = started.makeAsyncIterator()
        _ = await iterator.next()
        task.cancel()
        let result = await task.result
        #expect(throws: AgentError.cancelled) { try result.get() }
        #expect(policy.settlements.count == 1)
        #expect(policy.settlements.first?.request == policy.requests.first)
    }

    @Test("without execution the SQL is guarded but not run")
    func dryRun() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [.sql("SELECT title FROM albums")])
        let answer = try await fixture.agent(model: model).ask(AgentRequest(question: "Album titles", context: acme, execute: false))
        #expect(answer.result == nil)
        #expect(!answer.steps.contains { $0.step == .execution })
        #expect(fixture.usage.totals(for: acme.tenant)[.queryExecuted] == nil)
    }

    @Test("a follow-up question sees the conversation's history")
    func history() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [.sql("SELECT name FROM artists LIMIT 5"), .sql("SELECT name FROM artists LIMIT 10")])
        let agent = fixture.agent(model: model)
        let first = try await agent.ask(AgentRequest(question: "Five artists", context: acme))
        let second = try await agent.ask(AgentRequest(question: "Now ten", context: acme, conversationID: first.conversationID))
        #expect(second.conversationID == first.conversationID)
        let contents = try #require(model.requests.last).messages.map(\.content)
        #expect(contents.contains("Five artists"))
        #expect(contents.contains("```sql\nSELECT name FROM artists LIMIT 5\n```"))
        #expect(try await fixture.chats.messages(inConversation: first.conversationID, limit: 10, context: acme).count == 4)

        let intruder = RequestContext(tenant: TenantID(rawValue: "globex")!, user: .local)
        let error = await #expect(throws: AgentError.self) {
            try await agent.ask(AgentRequest(question: "More", context: intruder, conversationID: first.conversationID))
        }
        #expect(error == .chatStore(.conversationNotFound(id: first.conversationID)))
    }

    @Test("the stream reports each step, the model's deltas, and ends with the answer")
    func streaming() async throws {
        let fixture = try AgentFixture()
        defer { fixture.remove() }
        let model = ScriptedLLMProvider(replies: [.sql("SELECT count(*) FROM customers")])
        var events: [AgentEvent] = []
        for try await event in fixture.agent(model: model).stream(AgentRequest(question: "How many customers?", context: acme)) {
            events.append(event)
        }
        let deltas = events.compactMap { if case .modelDelta(let text) = $0 { text } else { nil } }
        #expect(deltas.joined() == "Here you go:\n```sql\nSELECT count(*) FROM customers\n```")
        #expect(events.contains(.sql("SELECT count(*) FROM customers", attempt: 1)))
        guard case .completed(let answer)? = events.last else {
            Issue.record("the stream must end with .completed")
            return
        }
        #expect(answer.result?.rows.first?.first == .integer(120))
        let stepEvents = events.compactMap { if case .step(let report) = $0 { report.step } else { nil } }
        #expect(stepEvents == answer.steps.map(\.step))
    }
}
