import Configuration
import Foundation

/// Which implementation backs each store, and where local data lives.
///
/// Keys: `deployment.profile` (or `AZURE_DEPLOYMENT=true` for `azure`), `storage.directory`,
/// `secrets.backend`, `chat.backend`, `inventory.backend`, `usage.sink`, `usage.policy`.
/// A backend not set explicitly comes from the deployment profile's defaults
/// (see ``ComponentRegistry``).
public struct StorageSettings: Sendable, Hashable {
    /// The deployment profile: `local` by default, `azure` when `AZURE_DEPLOYMENT=true`.
    public var deployment: String
    /// The directory of local data files (SQLite, encrypted secrets); `~/.daibai` by default.
    public var directory: String
    /// Explicitly chosen backends by component, for example `[.secrets: "directory"]`.
    public var explicitBackends: [ComponentKind: String]

    /// Reads the storage settings.
    public init(config: ConfigReader) {
        let azure = config.bool(forKey: "azure.deployment", default: false)
        self.deployment = config.string(forKey: "deployment.profile") ?? (azure ? "azure" : "local")
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let configured = config.string(forKey: "storage.directory") ?? (home + "/.daibai")
        self.directory = configured.hasPrefix("~/") ? home + configured.dropFirst(1) : configured
        var backends: [ComponentKind: String] = [:]
        for kind in ComponentKind.allCases {
            if let name = config.string(forKey: ConfigKey(kind.configKey)), !name.isEmpty { backends[kind] = name }
        }
        self.explicitBackends = backends
    }
}

/// The pluggable components the bootstrap builds.
public enum ComponentKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The ``SecretStore``.
    case secrets
    /// The ``ChatStore``.
    case chat
    /// The ``DataInventory``.
    case inventory
    /// The ``UsageSink``.
    case usageSink = "usage-sink"
    /// The ``UsagePolicy``.
    case usagePolicy = "usage-policy"

    /// The configuration key that selects its backend.
    public var configKey: String {
        switch self {
        case .secrets: "secrets.backend"
        case .chat: "chat.backend"
        case .inventory: "inventory.backend"
        case .usageSink: "usage.sink"
        case .usagePolicy: "usage.policy"
        }
    }

    /// The kind's name.
    public var description: String { rawValue }
}
