import DaiBaiCore
import DaiBaiRelay
import DaiBaiRelayTestSupport
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Synchronization
import Testing

/// The real Agent, a scripted model, and databases only the relay agent can reach, over real
/// loopback WebSockets through the local relay.
@Suite("Relay: end to end through the local relay")
struct RelayEndToEndTests {
    /// A SQLite music store on the agent's side of the relay.
    static func withMusicStore(_ body: (ExposedDatabase) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("music.sqlite").path
            try SampleDatabase.createMusicStore(at: path)
            let connector = try SQLiteConnector(path: path)
            try await body(ExposedDatabase(name: "music", connector: connector))
            try connector.close()
        }
    }

    static func agent(_ harness: RelayHarness, replies: [String]) -> Agent {
        Agent(
            model: ScriptedLLMProvider(replies: replies.map { .text("```sql\n\($0)\n```") }),
            databases: harness.directory, chats: InMemoryChatStore(),
            configuration: AgentConfiguration(queryOptions: QueryOptions(maxRows: 500, timeout: TestPatience.generous)))
    }

    @Test("the Agent answers questions about a SQLite and a PostgreSQL database that only the relay agent can reach",
          .enabled(if: RelayTestPostgres.isAvailable, "run with scripts/test to start PostgreSQL"))
    func sqliteAndPostgres() async throws {
        let url = try #require(RelayTestPostgres.url, "DAIBAI_TEST_POSTGRES_URL is not set: run the suite with scripts/test")
        let postgres = try PostgresConnector(connectionString: SecretValue(url))
        try await Self.withMusicStore { music in
            try await RelayHarness.with(
                databases: [music, ExposedDatabase(name: "warehouse", connector: postgres)],
                dialects: ["music": .sqlite, "warehouse": .postgresql]
            ) { harness in
                let agent = Self.agent(harness, replies: ["SELECT count(*) AS genres FROM genres", "SELECT count(*) AS n FROM generate_series(1, 42)"])
                let genres = try await agent.ask(AgentRequest(question: "How many genres are there?", context: RelayHarness.acme, databaseName: "music", execute: true))
                #expect(genres.result?.rows.map { $0.map(\.description) } == [["15"]])
                let count = try await agent.ask(AgentRequest(question: "How many numbers from 1 to 42?", context: RelayHarness.acme, databaseName: "warehouse", execute: true))
                #expect(count.result?.rows.map { $0.map(\.description) } == [["42"]])
                #expect(harness.relay.acceptedSenders(path: RelayHarness.path) >= 4, "schema and query for each database went through the relay")
                // The agent logged each query, with literals redacted.
                #expect(harness.agentLog.text.contains("SELECT count(*) AS n FROM generate_series(?, ?)"))
                #expect(!harness.agentLog.text.contains("generate_series(1, 42)"))
            }
        }
        await postgres.shutdown()
    }

    @Test("a write is refused by the relay agent even when the cloud side's guard is bypassed", arguments: [
        "DELETE FROM genres", "UPDATE genres SET name = 'x'", "DROP TABLE genres", "SELECT 1; DELETE FROM genres",
    ])
    func writesAreRefusedByTheAgent(sql: String) async throws {
        try await Self.withMusicStore { music in
            try await RelayHarness.with(databases: [music], dialects: ["music": .sqlite]) { harness in
                let connector = try await harness.connector("music")
                let error = await #expect(throws: DatabaseError.self) {
                    try await connector.executeReadOnly(sql, options: QueryOptions(timeout: TestPatience.generous))
                }
                guard case .rejected(let message)? = error else {
                    Issue.record("expected a rejection, got \(String(describing: error))")
                    return
                }
                #expect(message.contains("relay agent refused"))
                let count = try await connector.executeReadOnly("SELECT count(*) FROM genres", options: QueryOptions(timeout: TestPatience.generous))
                #expect(count.rows.first?.first == .integer(15), "nothing was deleted")
                #expect(harness.agentLog.lines.contains { $0.contains("relay request") && $0.contains("rejected") })
            }
        }
    }

    @Test("when the control channel drops mid-run, the agent reconnects and the next question succeeds")
    func reconnects() async throws {
        try await Self.withMusicStore { music in
            try await RelayHarness.with(databases: [music], dialects: ["music": .sqlite]) { harness in
                let agent = Self.agent(harness, replies: ["SELECT count(*) FROM genres", "SELECT count(*) FROM artists"])
                _ = try await agent.ask(AgentRequest(question: "How many genres?", context: RelayHarness.acme, databaseName: "music", execute: true))
                let before = harness.relay.listenerConnections(path: RelayHarness.path)
                await harness.relay.dropListeners()
                #expect(await waitUntil { harness.relay.listenerConnections(path: RelayHarness.path) > before }, "the agent opened a new control channel")
                try await harness.relay.waitForListeners(path: RelayHarness.path, count: 1, timeout: TestPatience.generous)
                let artists = try await agent.ask(AgentRequest(question: "How many artists?", context: RelayHarness.acme, databaseName: "music", execute: true))
                let local = try await music.connector.executeReadOnly("SELECT count(*) FROM artists", options: QueryOptions(timeout: TestPatience.generous))
                #expect(artists.result?.rows == local.rows)
                #expect(local.rows.first?.first != .integer(0))
            }
        }
    }

    @Test("a wrong send key is a clear error with no data, and the key is not in it")
    func wrongSendKey() async throws {
        try await Self.withMusicStore { music in
            try await RelayHarness.with(databases: [music], dialects: ["music": .sqlite]) { harness in
                try await harness.secrets.setSecret(
                    RelayHarness.sendConnectionString(key: "d3Jvbmcta2V5"), named: try SecretName(validating: "ACME_RELAY"), context: RelayHarness.acme)
                let connector = try await harness.connector("music")
                let error = await #expect(throws: DatabaseError.self) {
                    try await connector.executeReadOnly("SELECT name FROM genres", options: QueryOptions(timeout: TestPatience.generous))
                }
                guard case .connectionFailed(let message)? = error else {
                    Issue.record("expected a connection failure, got \(String(describing: error))")
                    return
                }
                #expect(message.contains("refused") && message.contains("key"))
                #expect(!message.contains("d3Jvbmcta2V5") && !message.contains(RelayHarness.sendKey))
                #expect(harness.relay.rejectedHandshakes.contains { $0.contains("signature") })
            }
        }
    }

    @Test("a wrong listen key keeps the agent offline, retrying, with the reason reported")
    func wrongListenKey() async throws {
        try await Self.withMusicStore { music in
            try await RelayHarness.with(
                databases: [music], dialects: ["music": .sqlite],
                listenerTokens: SharedAccessKeyTokenProvider(keyName: "agent-listen", key: SecretValue("bm90LXRoZS1rZXk=")),
                expectOffline: true
            ) { harness in
                #expect(await waitUntil { harness.relay.rejectedHandshakes.count >= 2 }, "the agent retried")
                #expect(harness.relay.listenerConnections(path: RelayHarness.path) == 0)
                #expect(harness.agentLog.text.contains("relay control channel is down"))
                #expect(!harness.agentLog.text.contains("bm90LXRoZS1rZXk="))
            }
        }
    }

    @Test("the agent refuses another tenant and databases it does not expose, alike")
    func tenantIsolation() async throws {
        try await Self.withMusicStore { music in
            try await RelayHarness.with(databases: [music], dialects: ["music": .sqlite, "payroll": .sqlite]) { harness in
                // globex got hold of acme's send connection string: the agent still refuses it.
                let secretName = try SecretName(validating: "GLOBEX_RELAY")
                try await harness.secrets.setSecret(RelayHarness.sendConnectionString(), named: secretName, context: RelayHarness.globex)
                try await harness.inventory.register(
                    DataServer(name: "music", dialect: .sqlite, location: .onPremises, connectionSecret: secretName), context: RelayHarness.globex)
                let foreign = try await harness.connector("music", context: RelayHarness.globex)
                let wrongTenant = await #expect(throws: DatabaseError.self) {
                    try await foreign.executeReadOnly("SELECT name FROM genres", options: QueryOptions(timeout: TestPatience.generous))
                }
                #expect(wrongTenant?.description.contains("does not serve that tenant") == true)
                let missing = try await harness.connector("payroll")
                let unexposed = await #expect(throws: DatabaseError.self) {
                    try await missing.introspectSchema()
                }
                #expect(unexposed?.description.contains("exposes no database named 'payroll'") == true)
            }
        }
    }

    @Test("health reports the agent's version and the databases it exposes")
    func health() async throws {
        try await Self.withMusicStore { music in
            try await RelayHarness.with(databases: [music], dialects: ["music": .sqlite]) { harness in
                let connector = try #require(try await harness.connector("music") as? RelayDatabaseConnector)
                let health = try await connector.health(timeout: TestPatience.generous)
                #expect(health.agentVersion == RelayAgent.version)
                #expect(health.databases == ["music": .sqlite])
                let schema = try await connector.introspectSchema()
                #expect(schema.table(named: "genres") != nil)
            }
        }
    }

    @Test("the listener renews its token on the control channel before it expires, and the relay accepts the new one")
    func renewsToken() async throws {
        try await Self.withMusicStore { music in
            // A 60 s token renewed after 1 % of its remaining life: the first renewal is due in
            // about 0.6 s, and every token is still valid for nearly a minute when it is checked.
            try await RelayHarness.with(
                databases: [music], dialects: ["music": .sqlite],
                listenerTokens: SharedAccessKeyTokenProvider(keyName: "agent-listen", key: SecretValue(RelayHarness.listenKey), validity: .seconds(60)),
                listenerConfiguration: ListenerConfiguration(reconnectDelays: [.milliseconds(20)], renewalFraction: 0.01, minimumRenewalInterval: .milliseconds(50))
            ) { harness in
                try await harness.relay.waitForListeners(path: RelayHarness.path, count: 1, timeout: TestPatience.generous)
                #expect(await waitUntil { harness.relay.renewedTokens(path: RelayHarness.path) >= 2 })
                #expect(harness.relay.listenerConnections(path: RelayHarness.path) == 1, "renewing did not need a new control channel")
                let connector = try await harness.connector("music")
                let result = try await connector.executeReadOnly("SELECT count(*) FROM genres", options: QueryOptions(timeout: TestPatience.generous))
                #expect(result.rows.first?.first == .integer(15))
            }
        }
    }

    @Test("50 concurrent questions through one agent all get their own answers")
    func fiftyConcurrent() async throws {
        try await Self.withMusicStore { music in
            try await RelayHarness.with(databases: [music], dialects: ["music": .sqlite]) { harness in
                let model = ScriptedLLMProvider { request throws(LLMError) in
                    // Each question names a genre id; the SQL asks for that genre.
                    let question = request.messages.last?.content ?? ""
                    let id = question.split(separator: "#").last.map { String($0.prefix { $0.isNumber }) } ?? "1"
                    return LLMResponse(text: "```sql\nSELECT genre_id, name FROM genres WHERE genre_id = \(id)\n```", usage: nil, finishReason: .stop, model: "scripted-model")
                }
                let agent = Agent(
                    model: model, databases: harness.directory, chats: InMemoryChatStore(),
                    configuration: AgentConfiguration(queryOptions: QueryOptions(maxRows: 500, timeout: TestPatience.generous)))
                let answers = try await withThrowingTaskGroup(of: (Int, AgentAnswer).self) { group in
                    for n in 1...50 {
                        let genre = (n - 1) % 15 + 1
                        group.addTask {
                            (genre, try await agent.ask(AgentRequest(question: "Which genre is #\(genre)", context: RelayHarness.acme, databaseName: "music", execute: true)))
                        }
                    }
                    var collected: [(Int, AgentAnswer)] = []
                    for try await answer in group { collected.append(answer) }
                    return collected
                }
                #expect(answers.count == 50)
                for (genre, answer) in answers {
                    #expect(answer.result?.rows.first?.first == .integer(Int64(genre)))
                }
            }
        }
    }
}
