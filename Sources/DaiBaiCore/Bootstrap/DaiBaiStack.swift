import Configuration
import Logging

/// Every component of DaiBai, built from configuration by ``DaiBaiStack/bootstrap(config:registry:logger:)``.
public struct DaiBaiStack: Sendable {
    /// The configuration the stack was built from.
    public var config: ConfigReader
    /// The parsed settings.
    public var settings: DaiBaiSettings
    /// The secret store.
    public var secrets: any SecretStore
    /// The chat store.
    public var chats: any ChatStore
    /// The data inventory.
    public var inventory: any DataInventory
    /// Where usage events go.
    public var usageSink: any UsageSink
    /// What decides whether a request may spend money.
    public var usagePolicy: any UsagePolicy
    /// The backend chosen for each component.
    public var backends: [ComponentKind: String]

    /// Builds the whole stack: reads the settings, picks each component's backend (explicit
    /// setting, else the deployment profile's default) and builds it through `registry`.
    /// There are no hard-coded fallbacks for secrets: a backend that needs a key fails with
    /// an error naming the setting.
    public static func bootstrap(
        config: ConfigReader,
        registry: ComponentRegistry = .localDefaults(),
        logger: Logger = Logger(label: "daibai.bootstrap", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws(BootstrapError) -> DaiBaiStack {
        let settings: DaiBaiSettings
        do {
            settings = try DaiBaiSettings(config: config)
        } catch {
            throw .configuration(error)
        }
        let context = ComponentContext(config: config, settings: settings, logger: logger)
        var backends: [ComponentKind: String] = [:]
        for kind in ComponentKind.allCases {
            backends[kind] = try registry.backendName(for: kind, storage: settings.storage)
        }
        let stack = DaiBaiStack(
            config: config,
            settings: settings,
            secrets: try await registry.makeSecretStore(context),
            chats: try await registry.makeChatStore(context),
            inventory: try await registry.makeDataInventory(context),
            usageSink: try await registry.makeUsageSink(context),
            usagePolicy: try await registry.makeUsagePolicy(context),
            backends: backends
        )
        logger.info("DaiBai stack ready", metadata: [
            "profile": .string(settings.storage.deployment),
            "backends": .string(ComponentKind.allCases.map { "\($0)=\(backends[$0] ?? "?")" }.joined(separator: " ")),
        ])
        return stack
    }
}
