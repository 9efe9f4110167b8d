import Configuration
import DaiBaiCore
import Logging

extension ComponentRegistry {
    /// Registers the Azure backends and the `azure` deployment profile that
    /// `AZURE_DEPLOYMENT=true` selects.
    ///
    /// | component | backend | built from |
    /// |---|---|---|
    /// | secrets | `key-vault` | ``KeyVaultSecretStore`` at `KEY_VAULT_URL` |
    /// | chat | `cosmos` | ``CosmosChatStore`` in `COSMOS_ENDPOINT` |
    /// | inventory | `cosmos` | ``CosmosDataInventory`` in `COSMOS_ENDPOINT` |
    ///
    /// Every backend authenticates with `credential` (normally ``DefaultAzureCredential``);
    /// Cosmos DB uses its account key instead when `cosmos.key` is set. The usage sink and
    /// policy keep the local defaults unless configured.
    public mutating func registerAzure(credential: any TokenCredential, transport: any HTTPTransport = AsyncHTTPClientTransport()) {
        registerSecretStore("key-vault") { context in
            let settings = try AzureSettings(config: context.config)
            return try KeyVaultSecretStore.make(settings: settings, config: context.config, credential: credential, transport: transport, logger: context.logger)
        }
        registerChatStore("cosmos") { context in
            let settings = try AzureSettings(config: context.config)
            let client = try Self.cosmosClient(settings, context: context, credential: credential, transport: transport)
            return CosmosChatStore(client: client, database: settings.cosmosDatabase, container: settings.chatContainer, logger: context.logger)
        }
        registerDataInventory("cosmos") { context in
            let settings = try AzureSettings(config: context.config)
            let client = try Self.cosmosClient(settings, context: context, credential: credential, transport: transport)
            return CosmosDataInventory(client: client, database: settings.cosmosDatabase, container: settings.inventoryContainer, logger: context.logger)
        }
        registerProfile("azure", defaults: [.secrets: "key-vault", .chat: "cosmos", .inventory: "cosmos"])
    }

    /// The local defaults plus the Azure backends (see ``registerAzure(credential:transport:)``).
    public static func azureDefaults(credential: any TokenCredential, transport: any HTTPTransport = AsyncHTTPClientTransport()) -> ComponentRegistry {
        var registry = ComponentRegistry.localDefaults()
        registry.registerAzure(credential: credential, transport: transport)
        return registry
    }

    /// The Cosmos DB client of the Cosmos backends: the account key when `cosmos.key` is set, else `credential`.
    static func cosmosClient(_ settings: AzureSettings, context: ComponentContext, credential: any TokenCredential, transport: any HTTPTransport) throws -> CosmosClient {
        try CosmosClient(endpoint: settings.cosmosEndpoint, authentication: cosmosAuthentication(context.config, credential: credential), transport: transport, logger: context.logger)
    }

    static func cosmosAuthentication(_ config: ConfigReader, credential: any TokenCredential) -> CosmosAuthentication {
        if let key = config.string(forKey: "cosmos.key", isSecret: true), !key.isEmpty {
            return .masterKey(SecretValue(key))
        }
        return .credential(credential)
    }
}

extension KeyVaultSecretStore {
    /// The deployment's vault as `settings` describe it: one owner's secrets (`secrets.owner_tenant`)
    /// or every tenant's.
    static func make(settings: AzureSettings, config: ConfigReader, credential: any TokenCredential, transport: any HTTPTransport, logger: Logger) throws -> KeyVaultSecretStore {
        let layout: KeyVaultSecretStore.Layout = settings.keyVaultPerTenant
            ? .perTenant : .singleTenant(owner: try ComponentRegistry.secretsOwner(config))
        return try KeyVaultSecretStore(vaultURL: settings.keyVaultURL, credential: credential, layout: layout, transport: transport, logger: logger)
    }
}
