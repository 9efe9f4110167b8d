import Configuration
import DaiBaiBilling
import DaiBaiCore
import DaiBaiTesting
import Foundation

/// A storage directory with the sample music database and a secrets folder, configuration
/// selecting billing's backends, and the Agent the bootstrap tests ask.
struct BillingBootstrapRig {
    let directory: BillingTestDirectory
    let connector: SQLiteConnector
    let model = ScriptedLLMProvider(replies: [
        .text("Here you go:\n```sql\nSELECT title FROM albums\n```", usage: TokenUsage(inputTokens: 1_200, outputTokens: 300)),
    ])

    init() throws {
        directory = try BillingTestDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/secrets", withIntermediateDirectories: true)
        let musicPath = directory.path + "/music.sqlite"
        _ = try SampleDatabase.createMusicStore(at: musicPath)
        connector = try SQLiteConnector(path: musicPath)
    }

    /// Bootstraps with billing registered, the `ledger` sink, the `credits` policy, a
    /// single-tenant secrets directory, one plan and a 5-credit reservation, plus `extra`.
    func bootstrap(_ extra: [AbsoluteConfigKey: ConfigValue] = [:]) async throws -> DaiBaiStack {
        var values: [AbsoluteConfigKey: ConfigValue] = [
            "storage.directory": .init(.string(directory.path), isSecret: false),
            "usage.sink": "ledger",
            "usage.policy": "credits",
            "secrets.backend": "directory",
            "secrets.directory": .init(.string(directory.path + "/secrets"), isSecret: false),
            "secrets.directory_layout": "single-tenant",
            "billing.plan_ids": .init(.stringArray(["price_basic"]), isSecret: false),
            "billing.plans.price_basic.credits_per_period": 1_000,
            "billing.plans.price_basic.name": "Basic",
            "billing.pricing.reservation_per_request": 5,
        ]
        values.merge(extra) { _, new in new }
        var registry = ComponentRegistry.localDefaults()
        registry.registerBilling()
        return try await DaiBaiStack.bootstrap(config: ConfigReader(provider: InMemoryProvider(values: values)), registry: registry)
    }

    /// An Agent over the music database with the stack's usage sink and policy.
    func agent(_ stack: DaiBaiStack) -> Agent {
        Agent(
            model: model, databases: StaticDatabaseDirectory(databases: ["music": connector]),
            chats: InMemoryChatStore(), usageSink: stack.usageSink, usagePolicy: stack.usagePolicy)
    }

    /// Stores a secret for the platform tenant, as an operator would (one file per secret).
    func storeSecret(_ name: String, _ value: String) throws {
        try Data(value.utf8).write(to: URL(fileURLWithPath: directory.path + "/secrets/" + name))
    }

    func remove() { directory.remove() }
}
