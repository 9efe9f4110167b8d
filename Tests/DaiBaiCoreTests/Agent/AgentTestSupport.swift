import DaiBaiCore
import DaiBaiTesting
import Foundation

/// A music-store database on disk and an Agent over it, for pipeline tests.
struct AgentFixture {
    let directory: TemporaryDirectory
    let databasePath: String
    let connector: SQLiteConnector
    let chats = InMemoryChatStore()
    let usage = RecordingUsageSink()
    let cache = InMemoryVerifiedQueryStore()

    init() throws {
        directory = try TemporaryDirectory("daibai-agent")
        databasePath = directory.path + "/music.sqlite"
        try SampleDatabase.createMusicStore(at: databasePath)
        connector = try SQLiteConnector(path: databasePath)
    }

    func agent(model: any LLMProvider, policy: any UsagePolicy = AllowAllUsagePolicy(), configuration: AgentConfiguration = AgentConfiguration()) -> Agent {
        Agent(
            model: model,
            databases: StaticDatabaseDirectory(databases: ["music": connector]),
            chats: chats, verifiedQueries: cache, usageSink: usage, usagePolicy: policy,
            configuration: configuration)
    }

    func remove() { directory.remove() }
}

extension ScriptedLLMProvider.Reply {
    /// A reply holding `sql` in a fenced block, with some token usage.
    static func sql(_ sql: String, input: Int = 100, output: Int = 20) -> Self {
        .text("Here you go:\n```sql\n\(sql)\n```", usage: TokenUsage(inputTokens: input, outputTokens: output))
    }
}
