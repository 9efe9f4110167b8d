import DaiBaiCore
import DaiBaiTesting
import Foundation
import Logging
import Metrics

/// The Agent the measurements run: the bundled music-store sample in SQLite, its verified-query
/// library, and a fake model that answers every question with one fixed SQL statement.
struct SampleAgent {
    static let databaseName = "music"
    /// What the fake model answers: a result of typical size (25 rows, 4 columns).
    static let modelSQL = "SELECT t.name AS track, t.composer, t.milliseconds, t.unit_price FROM tracks AS t ORDER BY t.track_id LIMIT 25"
    /// Questions no verified query matches, so they take the model path.
    static let modelQuestions = [
        "How many tracks does the catalogue hold?",
        "Count the tracks in the store",
        "What is the number of tracks we sell?",
        "How many tracks are in the catalogue?",
        "Give me the total track count",
        "How many different tracks can customers buy?",
        "Number of tracks available",
        "How many tracks exist in the music store?",
    ]
    /// Questions of the bundled library, answered from the verified-query cache.
    static var cacheQuestions: [String] { SampleDatabase.musicStoreVerifiedQueries.map(\.question) }

    let directory: String
    let connector: SQLiteConnector
    let model: ScriptedLLMProvider

    /// Creates the sample database in a temporary folder.
    static func make() throws -> SampleAgent {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("daibai-cost-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/music.sqlite"
        _ = try SampleDatabase.createMusicStore(at: path)
        let text = "Here you go:\n```sql\n\(modelSQL)\n```"
        let model = ScriptedLLMProvider(name: "fixed", model: "fixed-sql", replies: []) { request in
            LLMResponse(text: text, usage: TokenUsage(inputTokens: request.messages.reduce(0) { $0 + $1.content.count } / 4, outputTokens: 40),
                        finishReason: .stop, model: "fixed-sql")
        }
        return SampleAgent(directory: directory, connector: try SQLiteConnector(path: path), model: model)
    }

    /// An Agent over `chats`, with the bundled verified queries added for `context`'s tenant.
    func agent(chats: any ChatStore, context: RequestContext, metricsFactory: (any MetricsFactory)? = nil,
               logger: Logger = Logger(label: "daibai.agent", factory: { _ in SwiftLogNoOpLogHandler() })) async throws -> Agent {
        let agent: Agent
        if let metricsFactory {
            agent = Agent(model: model, databases: StaticDatabaseDirectory(databases: [Self.databaseName: connector]), chats: chats,
                          verifiedQueries: InMemoryVerifiedQueryStore(), metricsFactory: metricsFactory, logger: logger)
        } else {
            agent = Agent(model: model, databases: StaticDatabaseDirectory(databases: [Self.databaseName: connector]), chats: chats,
                          verifiedQueries: InMemoryVerifiedQueryStore(), logger: logger)
        }
        for query in SampleDatabase.musicStoreVerifiedQueries {
            for question in [query.question] + query.paraphrases {
                try await agent.markVerified(question: question, sql: query.sql, databaseName: Self.databaseName, source: .bundled, context: context)
            }
        }
        return agent
    }

    /// Removes the temporary folder.
    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
