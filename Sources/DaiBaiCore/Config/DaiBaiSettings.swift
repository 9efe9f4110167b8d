import Configuration

/// All of DaiBai's settings, read from one swift-configuration reader.
public struct DaiBaiSettings: Sendable, Hashable {
    /// The name of the default provider (`llm.default`), if set.
    public var defaultProvider: String?
    /// The configured providers, in the order of `llm.provider_names`.
    public var providers: [LLMProviderSettings]
    /// The name of the default database (`databases.default`), if set.
    public var defaultDatabase: String?
    /// The configured databases, in the order of `databases.names`.
    public var databases: [DatabaseSettings]
    /// Backends and local data directory.
    public var storage: StorageSettings

    /// Reads every setting; fails on invalid values with an error naming the key.
    public init(config: ConfigReader) throws(ConfigurationError) {
        self.defaultProvider = config.string(forKey: "llm.default")
        let providerNames = config.stringArray(forKey: "llm.provider_names") ?? []
        self.providers = providerNames.map { LLMProviderSettings(name: $0, config: config.scoped(to: ConfigKey(["llm", "providers", $0]))) }
        self.defaultDatabase = config.string(forKey: "databases.default")
        var databases: [DatabaseSettings] = []
        for name in config.stringArray(forKey: "databases.names") ?? [] {
            databases.append(try DatabaseSettings(name: name, config: config.scoped(to: ConfigKey(["databases", name]))))
        }
        self.databases = databases
        self.storage = StorageSettings(config: config)
        if let defaultProvider, !providerNames.contains(defaultProvider) {
            throw .invalidSetting(key: "llm.default", reason: "'\(defaultProvider)' is not among llm.providers (\(providerNames.joined(separator: ", ")))")
        }
        if let defaultDatabase, !databases.contains(where: { $0.name == defaultDatabase }) {
            throw .invalidSetting(key: "databases.default", reason: "'\(defaultDatabase)' is not among the configured databases (\(databases.map(\.name).joined(separator: ", ")))")
        }
    }

    /// The settings of provider `name`, or of the default provider when `name` is `nil`.
    public func provider(named name: String? = nil) -> LLMProviderSettings? {
        guard let wanted = name ?? defaultProvider ?? providers.first?.name else { return nil }
        return providers.first { $0.name == wanted }
    }

    /// The settings of database `name`, or of the default database when `name` is `nil`.
    public func database(named name: String? = nil) -> DatabaseSettings? {
        guard let wanted = name ?? defaultDatabase ?? databases.first?.name else { return nil }
        return databases.first { $0.name == wanted }
    }
}
