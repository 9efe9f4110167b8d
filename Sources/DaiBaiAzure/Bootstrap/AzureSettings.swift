import Configuration
import DaiBaiCore

/// Where the Azure services of a deployment are, read from configuration.
///
/// | key | environment variable | required |
/// |---|---|---|
/// | `azure.appconfig.endpoint` | `AZURE_APPCONFIG_ENDPOINT` | yes |
/// | `azure.appconfig.label` | `AZURE_APPCONFIG_LABEL` | no (keys without a label) |
/// | `azure.appconfig.key_prefix` | `AZURE_APPCONFIG_KEY_PREFIX` | no |
/// | `azure.appconfig.refresh_seconds` | `AZURE_APPCONFIG_REFRESH_SECONDS` | no (30) |
/// | `key.vault.url` | `KEY_VAULT_URL` | yes |
/// | `key.vault.layout` | `KEY_VAULT_LAYOUT` | no (`single-tenant`; or `per-tenant`) |
/// | `cosmos.endpoint` | `COSMOS_ENDPOINT` | yes |
/// | `cosmos.database` | `COSMOS_DATABASE` | no (`daibai`) |
/// | `cosmos.chat_container` | `COSMOS_CHAT_CONTAINER` | no (`chats`) |
/// | `cosmos.inventory_container` | `COSMOS_INVENTORY_CONTAINER` | no (`inventory`) |
/// | `cosmos.userkeys_container` | `COSMOS_USERKEYS_CONTAINER` | no (`userkeys`; the server's bring-your-own-key store) |
/// | `cosmos.key` | `COSMOS_KEY` | no (Entra ID through the credential when unset) |
public struct AzureSettings: Sendable, Hashable {
    /// The App Configuration store, for example `https://daibai.azconfig.io`.
    public var appConfigurationEndpoint: String
    /// The label to load (`nil`: keys without a label).
    public var appConfigurationLabel: String?
    /// A key prefix trimmed from App Configuration keys.
    public var appConfigurationKeyPrefix: String?
    /// How often App Configuration is polled for changes.
    public var appConfigurationRefresh: Duration
    /// The Key Vault, for example `https://daibai.vault.azure.net`.
    public var keyVaultURL: String
    /// Whether the vault holds one owner's secrets or every tenant's.
    public var keyVaultPerTenant: Bool
    /// The Cosmos DB account, for example `https://daibai.documents.azure.com:443/`.
    public var cosmosEndpoint: String
    /// The Cosmos DB database.
    public var cosmosDatabase: String
    /// The container of chat documents (partition key `/tenantId`).
    public var chatContainer: String
    /// The container of inventory documents (partition key `/tenantId`).
    public var inventoryContainer: String
    /// The container of users' wrapped model keys (partition key `/tenantId`).
    public var userKeysContainer: String

    /// The required settings and the environment variables that set them.
    public static let required: [(key: String, variable: String)] = [
        ("azure.appconfig.endpoint", "AZURE_APPCONFIG_ENDPOINT"),
        ("key.vault.url", "KEY_VAULT_URL"),
        ("cosmos.endpoint", "COSMOS_ENDPOINT"),
    ]

    /// Reads the settings; every missing required setting is named in one error.
    public init(config: ConfigReader) throws(ConfigurationError) {
        let missing = Self.required.filter { (config.string(forKey: ConfigKey($0.key)) ?? "").isEmpty }
        if !missing.isEmpty {
            throw .missingSetting(
                key: missing.map(\.key).joined(separator: ", "),
                hint: "AZURE_DEPLOYMENT=true needs " + missing.map(\.variable).joined(separator: ", ")
                    + " (the Azure services DaiBai runs on). Set them, or unset AZURE_DEPLOYMENT to run on local files.")
        }
        appConfigurationEndpoint = config.string(forKey: "azure.appconfig.endpoint") ?? ""
        appConfigurationLabel = config.string(forKey: "azure.appconfig.label").flatMap { $0.isEmpty ? nil : $0 }
        appConfigurationKeyPrefix = config.string(forKey: "azure.appconfig.key_prefix").flatMap { $0.isEmpty ? nil : $0 }
        let seconds = config.int(forKey: "azure.appconfig.refresh_seconds", default: 30)
        guard seconds > 0 else {
            throw .invalidSetting(key: "azure.appconfig.refresh_seconds", reason: "use a positive number of seconds")
        }
        appConfigurationRefresh = .seconds(seconds)
        keyVaultURL = config.string(forKey: "key.vault.url") ?? ""
        let layout = config.string(forKey: "key.vault.layout", default: "single-tenant")
        switch layout {
        case "single-tenant": keyVaultPerTenant = false
        case "per-tenant": keyVaultPerTenant = true
        default: throw .invalidSetting(key: "key.vault.layout", reason: "use single-tenant or per-tenant, not '\(layout)'")
        }
        cosmosEndpoint = config.string(forKey: "cosmos.endpoint") ?? ""
        cosmosDatabase = config.string(forKey: "cosmos.database", default: "daibai")
        chatContainer = config.string(forKey: "cosmos.chat_container", default: "chats")
        inventoryContainer = config.string(forKey: "cosmos.inventory_container", default: "inventory")
        userKeysContainer = config.string(forKey: "cosmos.userkeys_container", default: "userkeys")
    }
}
