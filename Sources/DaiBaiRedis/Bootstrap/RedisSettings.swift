import Configuration
import DaiBaiCore
import Logging
import NIOCore
import NIOPosix

/// The Redis settings of a deployment, read from configuration.
///
/// | key | environment variable | default |
/// |---|---|---|
/// | `redis.url` | `REDIS_URL` | required: `redis://[[user]:password@]host[:port][/db]` |
/// | `redis.password` | `REDIS_PASSWORD` | none (secret; the secret store's `redis-password` wins) |
/// | `redis.pool_size` | `REDIS_POOL_SIZE` | 8 |
/// | `redis.connect_timeout_seconds` | `REDIS_CONNECT_TIMEOUT_SECONDS` | 10 |
/// | `redis.command_timeout_seconds` | `REDIS_COMMAND_TIMEOUT_SECONDS` | 10 |
/// | `redis.namespace` | `REDIS_NAMESPACE` | `daibai` |
public struct RedisSettings: Sendable {
    /// The name of the secret that holds the Redis password in the deployment's secret store.
    public static let passwordSecretName = "redis-password"

    /// The server, pool and timeouts; its password is the one from `redis.password` or the URL.
    public var configuration: RedisConfiguration
    /// The first part of every key.
    public var keyPrefix: String

    /// Reads the settings; a missing or unusable `redis.url` throws an error naming it.
    public init(config: ConfigReader) throws(ConfigurationError) {
        guard let url = config.string(forKey: "redis.url", isSecret: true), !url.isEmpty else {
            throw .missingSetting(
                key: "redis.url",
                hint: "The redis backend needs the server's address: set REDIS_URL to redis://host:6379/0 (the password can go in the secret store as '\(Self.passwordSecretName)' or in REDIS_PASSWORD).")
        }
        let password = config.string(forKey: "redis.password", isSecret: true).flatMap { $0.isEmpty ? nil : SecretValue($0) }
        let poolSize = config.int(forKey: "redis.pool_size", default: 8)
        let connect = config.int(forKey: "redis.connect_timeout_seconds", default: 10)
        let command = config.int(forKey: "redis.command_timeout_seconds", default: 10)
        guard poolSize >= 1 else { throw .invalidSetting(key: "redis.pool_size", reason: "use 1 or more, not \(poolSize)") }
        guard connect >= 1 else { throw .invalidSetting(key: "redis.connect_timeout_seconds", reason: "use 1 or more seconds, not \(connect)") }
        guard command >= 1 else { throw .invalidSetting(key: "redis.command_timeout_seconds", reason: "use 1 or more seconds, not \(command)") }
        do {
            configuration = try RedisConfiguration(url: url, password: password, poolSize: poolSize, connectTimeout: .seconds(connect), commandTimeout: .seconds(command))
        } catch {
            throw .invalidSetting(key: "redis.url", reason: error.description)
        }
        keyPrefix = config.string(forKey: "redis.namespace", default: "daibai")
        guard !keyPrefix.isEmpty else { throw .invalidSetting(key: "redis.namespace", reason: "it must not be empty") }
    }

    /// One client for the configuration in `config`, to share between the chat store, the
    /// verified-query store and anything else that needs Redis.
    ///
    /// The password is the secret `redis-password` of `secrets` when it is there (looked up as
    /// `secretsContext`, by default the `secrets.owner_tenant`), else `redis.password`, else the URL's.
    public static func makeClient(
        config: ConfigReader,
        secrets: (any SecretStore)? = nil,
        secretsContext: RequestContext? = nil,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "daibai.redis", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws(BootstrapError) -> RedisClient {
        let settings: RedisSettings
        do {
            settings = try RedisSettings(config: config)
        } catch {
            throw .configuration(error)
        }
        var configuration = settings.configuration
        if let secrets {
            let context: RequestContext
            if let secretsContext {
                context = secretsContext
            } else {
                do {
                    context = RequestContext(tenant: try ComponentRegistry.secretsOwner(config), user: .local)
                } catch {
                    throw .configuration(error)
                }
            }
            do {
                if let name = SecretName(rawValue: passwordSecretName), let password = try await secrets.secret(named: name, context: context), !password.isEmpty {
                    configuration.password = password
                }
            } catch {
                throw .configurationSourceFailed(source: "secret store (\(passwordSecretName))", message: error.description)
            }
        }
        return RedisClient(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
    }
}
