/// The implementations the bootstrap can choose from, by component and backend name,
/// and the default backend of each component per deployment profile.
///
/// Core registers the local implementations (``localDefaults()``). Other modules add
/// theirs without Core depending on them: `DaiBaiAzure` registers Key Vault, Cosmos DB
/// and the `azure` profile that `AZURE_DEPLOYMENT=true` selects.
public struct ComponentRegistry: Sendable {
    /// Builds a component from configuration.
    public typealias Factory<Component> = @Sendable (ComponentContext) async throws -> Component

    private var secretStores: [String: Factory<any SecretStore>] = [:]
    private var chatStores: [String: Factory<any ChatStore>] = [:]
    private var inventories: [String: Factory<any DataInventory>] = [:]
    private var usageSinks: [String: Factory<any UsageSink>] = [:]
    private var usagePolicies: [String: Factory<any UsagePolicy>] = [:]
    private var profiles: [String: [ComponentKind: String]] = [:]

    /// An empty registry.
    public init() {}

    /// Registers (or replaces) the secret store backend `name`.
    public mutating func registerSecretStore(_ name: String, _ factory: @escaping Factory<any SecretStore>) { secretStores[name] = factory }
    /// Registers (or replaces) the chat store backend `name`.
    public mutating func registerChatStore(_ name: String, _ factory: @escaping Factory<any ChatStore>) { chatStores[name] = factory }
    /// Registers (or replaces) the data inventory backend `name`.
    public mutating func registerDataInventory(_ name: String, _ factory: @escaping Factory<any DataInventory>) { inventories[name] = factory }
    /// Registers (or replaces) the usage sink backend `name`.
    public mutating func registerUsageSink(_ name: String, _ factory: @escaping Factory<any UsageSink>) { usageSinks[name] = factory }
    /// Registers (or replaces) the usage policy backend `name`.
    public mutating func registerUsagePolicy(_ name: String, _ factory: @escaping Factory<any UsagePolicy>) { usagePolicies[name] = factory }

    /// Registers the default backend of each component for deployment profile `name`.
    /// Components the profile leaves out fall back to the `local` profile's defaults.
    public mutating func registerProfile(_ name: String, defaults: [ComponentKind: String]) { profiles[name] = defaults }

    /// The backend names registered for `kind`, sorted.
    public func registeredBackends(_ kind: ComponentKind) -> [String] {
        switch kind {
        case .secrets: secretStores.keys.sorted()
        case .chat: chatStores.keys.sorted()
        case .inventory: inventories.keys.sorted()
        case .usageSink: usageSinks.keys.sorted()
        case .usagePolicy: usagePolicies.keys.sorted()
        }
    }

    /// The registered profile names, sorted.
    public var registeredProfiles: [String] { profiles.keys.sorted() }

    /// The backend chosen for `kind`: the explicit setting, else the profile's default,
    /// else the `local` profile's default.
    public func backendName(for kind: ComponentKind, storage: StorageSettings) throws(BootstrapError) -> String {
        if let explicit = storage.explicitBackends[kind] { return explicit }
        guard let profile = profiles[storage.deployment] else {
            throw .unknownProfile(storage.deployment, registered: registeredProfiles)
        }
        if let name = profile[kind] ?? profiles["local"]?[kind] { return name }
        throw .unknownBackend(kind: kind, name: "(none)", registered: registeredBackends(kind))
    }

    func makeSecretStore(_ context: ComponentContext) async throws(BootstrapError) -> any SecretStore {
        try await build(.secrets, from: secretStores, context: context)
    }
    func makeChatStore(_ context: ComponentContext) async throws(BootstrapError) -> any ChatStore {
        try await build(.chat, from: chatStores, context: context)
    }
    func makeDataInventory(_ context: ComponentContext) async throws(BootstrapError) -> any DataInventory {
        try await build(.inventory, from: inventories, context: context)
    }
    func makeUsageSink(_ context: ComponentContext) async throws(BootstrapError) -> any UsageSink {
        try await build(.usageSink, from: usageSinks, context: context)
    }
    func makeUsagePolicy(_ context: ComponentContext) async throws(BootstrapError) -> any UsagePolicy {
        try await build(.usagePolicy, from: usagePolicies, context: context)
    }

    private func build<Component>(_ kind: ComponentKind, from factories: [String: Factory<Component>], context: ComponentContext) async throws(BootstrapError) -> Component {
        let name = try backendName(for: kind, storage: context.settings.storage)
        guard let factory = factories[name] else {
            throw .unknownBackend(kind: kind, name: name, registered: factories.keys.sorted())
        }
        do {
            return try await factory(context)
        } catch let error as BootstrapError {
            throw error
        } catch let error as ConfigurationError {
            throw .configuration(error)
        } catch {
            throw .componentFailed(kind: kind, backend: name, message: "\(error)")
        }
    }
}
