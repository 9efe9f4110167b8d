import DaiBaiCore
import Foundation

/// The demo's stack: configuration, stores, the bundled sample database, and an Agent.
struct DemoEnvironment {
    /// The name of the bundled sample database.
    static let sampleName = "music"

    let loaded: ConfigurationLoader.Loaded
    let stack: DaiBaiStack
    let samplePath: String
    let databases: DemoDatabaseDirectory
    let model: any LLMProvider
    let modelIsConfigured: Bool
    let agent: Agent
    /// The Agent's per-step timings, as its metrics backend receives them.
    let timings: StepTimings

    /// Loads the configuration, builds the stack, makes sure the sample database exists, and
    /// seeds the verified-query cache with the sample's bundled library.
    static func make(_ options: DemoOptions, progress: (String) -> Void = { _ in }) async throws -> DemoEnvironment {
        var environment = ProcessInfo.processInfo.environment
        if let directory = options.dataDirectory { environment["STORAGE_DIRECTORY"] = directory }
        let loaded = try ConfigurationLoader.load(.init(configFile: options.config, environment: environment))
        let stack = try await DaiBaiStack.bootstrap(config: loaded.reader)

        let samplePath = stack.settings.storage.directory + "/samples/music.sqlite"
        if !FileManager.default.fileExists(atPath: samplePath) {
            progress("Creating the sample music-store database at \(samplePath)…")
            try SampleDatabase.createMusicStore(at: samplePath)
        }
        let databases = try DemoDatabaseDirectory(settings: stack.settings, samplePath: samplePath)
        let resolved = try DemoModel.resolve(settings: stack.settings, environment: loaded.variables)
        let timings = StepTimings()
        let agent = Agent(
            model: resolved.model,
            databases: databases,
            chats: stack.chats,
            usageSink: stack.usageSink,
            usagePolicy: stack.usagePolicy,
            metricsFactory: timings)
        for query in SampleDatabase.musicStoreVerifiedQueries {
            for question in [query.question] + query.paraphrases {
                try await agent.markVerified(question: question, sql: query.sql, databaseName: sampleName, source: .bundled, context: .local)
            }
        }
        return DemoEnvironment(loaded: loaded, stack: stack, samplePath: samplePath, databases: databases, model: resolved.model, modelIsConfigured: resolved.isConfigured, agent: agent, timings: timings)
    }
}
