import Configuration

extension ComponentRegistry {
    /// The registry of a local installation: the embedded defaults.
    ///
    /// | component | backends (default first) | settings |
    /// |---|---|---|
    /// | secrets | `environment`, `directory`, `encrypted-file` | `secrets.directory` (default `/run/secrets`), `secrets.directory_layout` (`per-tenant` or `single-tenant`), `secrets.file` (default `<storage.directory>/secrets.json`), `secrets.encryption_key` (required, base64 of 32 bytes) |
    /// | chat | `sqlite` | `<storage.directory>/chat.sqlite` |
    /// | inventory | `sqlite` | `<storage.directory>/inventory.sqlite` |
    /// | usage sink | `discard` | |
    /// | usage policy | `allow-all` | |
    ///
    /// Local secret stores belong to the tenant `secrets.owner_tenant` (default `local`) where
    /// the layout has a single owner.
    public static func localDefaults() -> ComponentRegistry {
        var registry = ComponentRegistry()
        registry.registerSecretStore("environment") { context in
            EnvironmentSecretStore(owner: try secretsOwner(context.config), logger: context.logger)
        }
        registry.registerSecretStore("directory") { context in
            let root = context.config.string(forKey: "secrets.directory", default: "/run/secrets")
            let layoutName = context.config.string(forKey: "secrets.directory_layout", default: "per-tenant")
            let layout: DirectorySecretStore.Layout
            switch layoutName {
            case "per-tenant": layout = .perTenant
            case "single-tenant": layout = .singleTenant(owner: try secretsOwner(context.config))
            default: throw ConfigurationError.invalidSetting(key: "secrets.directory_layout", reason: "use per-tenant or single-tenant, not '\(layoutName)'")
            }
            return DirectorySecretStore(root: root, layout: layout, logger: context.logger)
        }
        registry.registerSecretStore("encrypted-file") { context in
            guard let key = context.config.string(forKey: "secrets.encryption_key", isSecret: true), !key.isEmpty else {
                throw ConfigurationError.missingSetting(
                    key: "secrets.encryption_key",
                    hint: "The encrypted-file secret store needs a 256-bit key as base64: set SECRETS_ENCRYPTION_KEY (for example to the output of `openssl rand -base64 32`). There is no built-in key.")
            }
            let path = context.config.string(forKey: "secrets.file", default: context.settings.storage.directory + "/secrets.json")
            return try EncryptedFileSecretStore(path: path, key: SecretValue(key), logger: context.logger)
        }
        registry.registerChatStore("sqlite") { context in
            try SQLiteChatStore(path: context.settings.storage.directory + "/chat.sqlite", logger: context.logger)
        }
        registry.registerDataInventory("sqlite") { context in
            try SQLiteDataInventory(path: context.settings.storage.directory + "/inventory.sqlite", logger: context.logger)
        }
        registry.registerUsageSink("discard") { _ in DiscardingUsageSink() }
        registry.registerUsagePolicy("allow-all") { _ in AllowAllUsagePolicy() }
        registry.registerProfile("local", defaults: [
            .secrets: "environment", .chat: "sqlite", .inventory: "sqlite",
            .usageSink: "discard", .usagePolicy: "allow-all",
        ])
        return registry
    }

    /// The tenant that owns single-owner secret stores: `secrets.owner_tenant`, `local` by default.
    public static func secretsOwner(_ config: ConfigReader) throws(ConfigurationError) -> TenantID {
        let name = config.string(forKey: "secrets.owner_tenant", default: TenantID.local.rawValue)
        guard let tenant = TenantID(rawValue: name) else {
            throw .invalidSetting(key: "secrets.owner_tenant", reason: "use 1-64 characters of A-Z, a-z, 0-9, '-' or '_'")
        }
        return tenant
    }
}
