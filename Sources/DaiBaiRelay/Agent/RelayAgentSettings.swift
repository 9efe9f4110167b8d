import Configuration
import DaiBaiCore
import Foundation
import Logging

/// The `daibai-relay-agent` configuration, read from a config file and the environment.
///
/// Keys (environment variables use the upper-case, underscore form, such as `RELAY_NAMESPACE`):
/// - `relay.namespace`: the Azure Relay namespace host (`contoso.servicebus.windows.net`).
/// - `relay.hybrid_connection`: the tenant's hybrid connection name.
/// - `relay.tenant`: the tenant the hybrid connection belongs to; other tenants are refused.
/// - `relay.key_name`: the shared access policy with the Listen right. Leave it unset to sign in
///   with Microsoft Entra ID instead (the identity needs the Azure Relay Listener role on the
///   hybrid connection; the deployment templates create no shared access policies).
/// - `relay.key_secret`: the name of the secret holding that policy's key (`RELAY_KEY` by default),
///   read from `secrets.directory` when set, else from the environment.
/// - `relay.endpoint`: another WebSocket endpoint (a local relay), optional.
/// - `relay.max_rows`, `relay.max_query_seconds`: the agent's own limits (10 000 rows, 60 s).
/// - `databases.<name>.*`: the databases it exposes, as in `daibai.yaml` (`dialect`, `path` for
///   SQLite; `host`, `port`, `database`, `user`, `password` or `connection_string` for PostgreSQL).
public struct RelayAgentSettings: Sendable {
    /// The hybrid connection to listen on.
    public var address: HybridConnectionAddress
    /// The tenant it belongs to.
    public var tenant: TenantID
    /// The shared access policy's name; `nil` when the agent signs in with Microsoft Entra ID.
    public var keyName: String?
    /// The secret that holds the policy's key.
    public var keySecret: SecretName
    /// Where secrets are read from: a directory of files, or the environment when `nil`.
    public var secretsDirectory: String?
    /// The exposed databases.
    public var databases: [DatabaseSettings]
    /// The most rows one query returns.
    public var maxRows: Int
    /// The longest one query may run.
    public var maxQueryTimeout: Duration

    /// Reads the settings.
    /// - Throws: ``ConfigurationError`` naming the missing or malformed key.
    public init(config: ConfigReader) throws(ConfigurationError) {
        func required(_ key: String) throws(ConfigurationError) -> String {
            guard let value = config.string(forKey: ConfigKey(key)), !value.isEmpty else {
                throw .missingSetting(key: key, hint: "set it in the config file or as \(key.uppercased().replacingOccurrences(of: ".", with: "_"))")
            }
            return value
        }
        let endpoint = config.string(forKey: "relay.endpoint")
        var endpointURL: URL?
        if let endpoint {
            guard let url = URL(string: endpoint), url.scheme == "ws" || url.scheme == "wss" else {
                throw .invalidSetting(key: "relay.endpoint", reason: "'\(endpoint)' is not a ws:// or wss:// URL")
            }
            endpointURL = url
        }
        address = HybridConnectionAddress(namespace: try required("relay.namespace"), path: try required("relay.hybrid_connection"), endpointOverride: endpointURL)
        let tenantName = try required("relay.tenant")
        do {
            tenant = try TenantID(validating: tenantName)
        } catch {
            throw .invalidSetting(key: "relay.tenant", reason: error.description)
        }
        keyName = config.string(forKey: "relay.key_name").flatMap { $0.isEmpty ? nil : $0 }
        let secretName = config.string(forKey: "relay.key_secret") ?? "RELAY_KEY"
        guard let keySecret = SecretName(rawValue: secretName) else {
            throw .invalidSetting(key: "relay.key_secret", reason: "'\(secretName)' is not a valid secret name")
        }
        self.keySecret = keySecret
        secretsDirectory = config.string(forKey: "secrets.directory")
        var databases: [DatabaseSettings] = []
        for name in config.stringArray(forKey: "databases.names") ?? [] {
            databases.append(try DatabaseSettings(name: name, config: config.scoped(to: ConfigKey(["databases", name]))))
        }
        guard !databases.isEmpty else {
            throw .invalidSetting(key: "databases", reason: "the agent exposes no database; add one under databases:")
        }
        self.databases = databases
        maxRows = config.int(forKey: "relay.max_rows") ?? 10_000
        maxQueryTimeout = .seconds(config.int(forKey: "relay.max_query_seconds") ?? 60)
    }

    /// The store the key is read from.
    public func secretStore(environment: [String: String] = ProcessInfo.processInfo.environment) -> any SecretStore {
        if let secretsDirectory {
            return DirectorySecretStore(root: secretsDirectory, layout: .singleTenant(owner: tenant))
        }
        return EnvironmentSecretStore(environment: environment, owner: tenant, filter: .only([keySecret]))
    }

    /// Opens the exposed databases read-only.
    public func openDatabases(logger: Logger) throws(RelayError) -> [ExposedDatabase] {
        var opened: [ExposedDatabase] = []
        for settings in databases {
            do {
                switch settings.dialect {
                case .sqlite:
                    guard let path = settings.path else {
                        throw RelayError.misconfigured("databases.\(settings.name).path is required for SQLite")
                    }
                    opened.append(ExposedDatabase(name: settings.name, connector: try SQLiteConnector(path: path, logger: logger)))
                case .postgresql:
                    let connector: PostgresConnector
                    if let connectionString = settings.connectionString {
                        connector = try PostgresConnector(connectionString: connectionString, logger: logger)
                    } else {
                        connector = try PostgresConnector(settings: settings, logger: logger)
                    }
                    opened.append(ExposedDatabase(name: settings.name, connector: connector))
                case .mysql, .sqlserver:
                    throw RelayError.misconfigured("databases.\(settings.name): this version has no \(settings.dialect) connector yet")
                }
            } catch let error as RelayError {
                throw error
            } catch let error as DatabaseError {
                throw .misconfigured("databases.\(settings.name): \(error.description)")
            } catch {
                throw .misconfigured("databases.\(settings.name) could not be opened")
            }
        }
        return opened
    }

    /// The agent's Listen tokens: shared access signatures with the policy's key read from
    /// `secrets` when ``keyName`` is set, else Microsoft Entra tokens from `credential`.
    ///
    /// - Parameters:
    ///   - secrets: Where the policy's key is read (``secretStore(environment:)``).
    ///   - credential: The Entra credential (for example `DefaultAzureCredential`) used without a
    ///     key name; `nil` makes a missing key name an error.
    /// - Throws: ``RelayError/misconfigured(_:)`` naming the secret or the setting, never a value.
    public func tokens(from secrets: any SecretStore, credential: (any TokenCredential)? = nil) async throws(RelayError) -> any RelayTokenProvider {
        guard let keyName else {
            guard let credential else {
                throw .misconfigured("relay.key_name is not set and no Microsoft Entra credential is available: set relay.key_name (with its key in \(keySecret)) or give the agent an identity with the Azure Relay Listener role")
            }
            return EntraRelayTokenProvider(credential: credential)
        }
        let key: SecretValue?
        do {
            key = try await secrets.secret(named: keySecret, context: RequestContext(tenant: tenant, user: .local))
        } catch {
            throw .misconfigured("the relay key secret '\(keySecret)' could not be read: \(error.description)")
        }
        guard let key, !key.isEmpty else {
            throw .misconfigured("the relay key secret '\(keySecret)' is not set (\(secretsDirectory.map { "no file in \($0)" } ?? "no environment variable"))")
        }
        return SharedAccessKeyTokenProvider(keyName: keyName, key: key)
    }
}
