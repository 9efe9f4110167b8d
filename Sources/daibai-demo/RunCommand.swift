import ArgumentParser
import DaiBaiCore
import Foundation

/// Runs DaiBai's main job on the embedded defaults (the default subcommand).
///
/// Until the Agent lands, the demo loads the configuration exactly as the SDK does, builds the
/// whole stack from it, shows what it found (secrets only as "set"), and checks the local
/// stores with one round trip.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Shows DaiBai's configuration and checks its local stack."
    )

    @Option(name: .long, help: "A daibai.yaml file to use instead of the search paths.")
    var config: String?

    @Option(name: .long, help: "The directory of local data (overrides storage.directory).")
    var dataDirectory: String?

    mutating func run() async throws {
        var environment = ProcessInfo.processInfo.environment
        if let dataDirectory { environment["STORAGE_DIRECTORY"] = dataDirectory }
        let loaded = try ConfigurationLoader.load(.init(configFile: config, environment: environment))
        let stack = try await DaiBaiStack.bootstrap(config: loaded.reader)
        let settings = stack.settings

        print("DaiBai configuration")
        print("  file:      \(loaded.configFile ?? "none found (searched ./daibai.yaml, ./.daibai.yaml, ~/.daibai/daibai.yaml, ~/.config/daibai/daibai.yaml)")")
        print("  .env:      \(loaded.dotEnvFile ?? "none")")
        print("  profile:   \(settings.storage.deployment)")
        print("  data dir:  \(settings.storage.directory)")
        for kind in ComponentKind.allCases {
            print("  \(kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(stack.backends[kind] ?? "?")")
        }
        print("LLM providers (default: \(settings.defaultProvider ?? "none")):")
        if settings.providers.isEmpty { print("  none configured") }
        for provider in settings.providers { print("  \(provider)") }
        print("Databases (default: \(settings.defaultDatabase ?? "none")):")
        if settings.databases.isEmpty { print("  none configured") }
        for database in settings.databases { print("  \(database)") }

        let context = RequestContext.local
        let conversation = try await stack.chats.createConversation(id: nil, title: "daibai-demo self-check", databaseName: nil, context: context)
        let stored = try await stack.chats.appendMessage(ChatMessageDraft(role: .user, content: "Which tables are there?"), toConversation: conversation.id, context: context)
        let readBack = try await stack.chats.messages(inConversation: conversation.id, limit: 10, context: context)
        try await stack.chats.deleteConversation(id: conversation.id, context: context)
        guard readBack.map(\.id) == [stored.id] else {
            throw ValidationError("The chat store did not return the message it stored.")
        }
        let servers = try await stack.inventory.servers(context: context)
        let secretNames = try await stack.secrets.secretNames(context: context)
        print("Self-check: chat store round trip ok; \(servers.count) registered data server(s); \(secretNames.count) secret(s) visible to tenant '\(context.tenant)'.")
    }
}
