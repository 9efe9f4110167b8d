import DaiBaiBilling
import DaiBaiCore
import DaiBaiTesting
import Foundation
import Testing

/// The credits policy and sink plugged into Core's real Agent, over the sample music-store
/// database on disk, with DaiBaiTesting's scripted model.
@Suite("Credits policy through the Agent")
struct CreditsAgentTests {
    let acme: RequestContext

    init() throws {
        acme = RequestContext(tenant: try TenantID(validating: "acme"), user: try UserID(validating: "alice"))
    }

    /// 1 credit per 1,000 input tokens, 4 per 1,000 output tokens, 1 per answered question.
    static let pricing = CreditPricing(creditsPerThousandInputTokens: 1, creditsPerThousandOutputTokens: 4, creditsPerTask: 1, creditsPerQuery: 0, reservationPerRequest: 5)

    struct Setup {
        let directory: BillingTestDirectory
        let credits: SQLiteCreditsStore
        let downstream: RecordingUsageSink
        let agent: Agent
        let model: ScriptedLLMProvider
    }

    func setup(replies: [ScriptedLLMProvider.Reply]) throws -> Setup {
        let directory = try BillingTestDirectory()
        let musicPath = directory.path + "/music.sqlite"
        _ = try SampleDatabase.createMusicStore(at: musicPath)
        let connector = try SQLiteConnector(path: musicPath)
        let credits = SQLiteCreditsStore(state: try SQLiteBillingState(path: directory.path + "/billing.sqlite"))
        let downstream = RecordingUsageSink()
        let model = ScriptedLLMProvider(replies: replies)
        let agent = Agent(
            model: model,
            databases: StaticDatabaseDirectory(databases: ["music": connector]),
            chats: InMemoryChatStore(),
            usageSink: CreditsUsageSink(wrapping: downstream, credits: credits, pricing: Self.pricing),
            usagePolicy: CreditsUsagePolicy(credits: credits, pricing: Self.pricing))
        return Setup(directory: directory, credits: credits, downstream: downstream, agent: agent, model: model)
    }

    static func sqlReply(_ sql: String) -> ScriptedLLMProvider.Reply {
        .text("Here you go:\n```sql\n\(sql)\n```", usage: TokenUsage(inputTokens: 1_200, outputTokens: 300))
    }

    @Test("with no credits the ask throws the typed credits-exhausted error and the model is never called")
    func deniedAskSpendsNothing() async throws {
        let setup = try setup(replies: [Self.sqlReply("SELECT title FROM albums")])
        defer { setup.directory.remove() }
        let error = await #expect(throws: AgentError.self) {
            try await setup.agent.ask(AgentRequest(question: "Album titles", context: acme))
        }
        guard case .usageDenied(let denial) = error else {
            Issue.record("expected usageDenied, got \(String(describing: error))")
            return
        }
        #expect(denial.code == .creditsExhausted)
        #expect(error?.description == "The request was not allowed: Tenant acme has no credits left (balance 0). Top up credits, or wait for the next paid invoice.")
        #expect(setup.model.requests.isEmpty)
        #expect(try await setup.credits.entries(for: acme.tenant).isEmpty)
        #expect(try await setup.credits.available(for: acme.tenant) == 0)
    }

    @Test("an allowed ask debits its token and task credits and releases its reservation")
    func allowedAskDebits() async throws {
        let setup = try setup(replies: [Self.sqlReply("SELECT title FROM albums")])
        defer { setup.directory.remove() }
        try await setup.credits.grant(tenant: acme.tenant, amount: 20, reason: "seed", id: "seed")
        let answer = try await setup.agent.ask(AgentRequest(question: "Album titles", context: acme))
        #expect(answer.result != nil)
        #expect(setup.model.requests.count == 1)
        // 1,200 input tokens → 2; 300 output tokens at 4/1,000 → 2; one answered question → 1.
        #expect(try await setup.credits.balance(for: acme.tenant) == 15)
        #expect(try await setup.credits.available(for: acme.tenant) == 15, "the reservation was released")
        #expect(setup.downstream.events.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.inputTokens, .outputTokens, .queryExecuted, .taskCompleted])
    }

    @Test("a failed ask still pays for its tokens and releases its reservation")
    func failedAskSettles() async throws {
        let setup = try setup(replies: [.text("I cannot answer that.", usage: TokenUsage(inputTokens: 900, outputTokens: 100))])
        defer { setup.directory.remove() }
        try await setup.credits.grant(tenant: acme.tenant, amount: 20, reason: "seed", id: "seed")
        await #expect(throws: AgentError.noSQLProduced(explanation: "I cannot answer that.")) {
            try await setup.agent.ask(AgentRequest(question: "The weather?", context: acme))
        }
        // 900 input → 1; 100 output → 1; no task completed.
        #expect(try await setup.credits.balance(for: acme.tenant) == 18)
        #expect(try await setup.credits.available(for: acme.tenant) == 18)
    }

    @Test("asking until the credits run out, then topping up, allows again")
    func exhaustThenTopUp() async throws {
        let replies = (0..<4).map { _ in Self.sqlReply("SELECT title FROM albums") }
        let setup = try setup(replies: replies)
        defer { setup.directory.remove() }
        try await setup.credits.grant(tenant: acme.tenant, amount: 6, reason: "seed", id: "seed")
        _ = try await setup.agent.ask(AgentRequest(question: "Album titles", context: acme))
        _ = try await setup.agent.ask(AgentRequest(question: "Album titles please", context: acme, execute: false))
        #expect(try await setup.credits.balance(for: acme.tenant) == -4)
        await #expect(throws: AgentError.self) {
            try await setup.agent.ask(AgentRequest(question: "More titles", context: acme))
        }
        #expect(setup.model.requests.count == 2)
        try await setup.credits.grant(tenant: acme.tenant, amount: 10, reason: "top-up", id: "pi_1")
        _ = try await setup.agent.ask(AgentRequest(question: "More titles", context: acme))
        #expect(setup.model.requests.count == 3)
    }

    @Test("a request cancelled while the model works releases its reservation")
    func cancelledAskReleases() async throws {
        let directory = try BillingTestDirectory()
        defer { directory.remove() }
        let musicPath = directory.path + "/music.sqlite"
        _ = try SampleDatabase.createMusicStore(at: musicPath)
        let credits = SQLiteCreditsStore(state: try SQLiteBillingState(path: directory.path + "/billing.sqlite"))
        try await credits.grant(tenant: acme.tenant, amount: 20, reason: "seed", id: "seed")
        let (started, signal) = AsyncStream<Void>.makeStream()
        let model = ScriptedLLMProvider { _ throws(LLMError) -> LLMResponse in
            signal.yield()
            do { try await Task.sleep(for: .seconds(600)) } catch { throw .cancelled }
            throw .cancelled
        }
        let agent = Agent(
            model: model, databases: StaticDatabaseDirectory(databases: ["music": try SQLiteConnector(path: musicPath)]),
            chats: InMemoryChatStore(), usageSink: CreditsUsageSink(wrapping: RecordingUsageSink(), credits: credits, pricing: Self.pricing),
            usagePolicy: CreditsUsagePolicy(credits: credits, pricing: Self.pricing))
        let context = acme
        let task = Task { () async throws(AgentError) -> AgentAnswer in
            try await agent.ask(AgentRequest(question: "Album titles", context: context))
        }
        var iterator = started.makeAsyncIterator()
        _ = await iterator.next()
        #expect(try await credits.available(for: acme.tenant) == 15, "the reservation is held while the model works")
        task.cancel()
        let result = await task.result
        #expect(throws: AgentError.cancelled) { try result.get() }
        #expect(try await credits.available(for: acme.tenant) == 20)
        #expect(try await credits.balance(for: acme.tenant) == 20)
    }
}
