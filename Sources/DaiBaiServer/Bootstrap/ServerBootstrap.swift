import Configuration
import DaiBaiAzure
import DaiBaiBilling
import DaiBaiCore
import DaiBaiLLM
import DaiBaiRedis
import DaiBaiRelay
import DaiBaiSignIn
import Foundation
import Logging

/// Builds the production ``ServerComponents`` from configuration: the stack (local or Azure
/// by `AZURE_DEPLOYMENT`) with billing's and Redis's backends, the model, the databases (the
/// tenant's inventory over the shared sample), the verified queries, billing and auth.
public enum ServerBootstrap {
    /// Builds the components and the settings.
    /// - Parameters:
    ///   - options: Where configuration comes from.
    ///   - overrides: Settings that win over configuration (for example `server.auth` from `--development-auth`).
    ///   - logger: Where the server logs.
    public static func bootstrap(
        options: ConfigurationLoader.Options = .init(),
        overrides: [String: String] = [:],
        logger: Logger
    ) async throws -> (components: ServerComponents, settings: ServerSettings) {
        var options = options
        for (key, value) in overrides { options.environment[key] = value }
        let loaded = try ConfigurationLoader.load(options)
        var settings = try ServerSettings(config: loaded.reader, environment: options.environment)
        if let host = overrides["SERVER_HOST"] { settings.host = host }

        var redisClient: RedisClient?
        var redisNamespace = ""
        let needsRedis = settings.verifiedCache == .redis || loaded.reader.string(forKey: "chat.backend") == "redis" || loaded.reader.string(forKey: "redis.url") != nil
        if needsRedis {
            // One namespace for every key the server keeps in Redis: chat, verified queries, rate limit.
            redisNamespace = try RedisSettings(config: loaded.reader).keyPrefix
            redisClient = try await RedisSettings.makeClient(config: loaded.reader, logger: logger)
        }
        var registry = ComponentRegistry.localDefaults()
        registry.registerBilling()
        registry.registerRedis(client: redisClient)
        let deployment = try await AzureBootstrap.bootstrap(options: options, registry: registry, logger: logger)
        let stack = deployment.stack

        let model: any LLMProvider
        let configuredProvider = stack.settings.provider()
        if let configured = configuredProvider {
            model = try LLMProviderRegistry.standard.makeProvider(configured)
        } else if let fromEnvironment = try LLMProviderRegistry.fromEnvironment(loaded.variables) {
            model = fromEnvironment
        } else {
            model = UnconfiguredModel()
            logger.warning("No language model is configured: only questions of the verified-query library are answered. \(UnconfiguredModel.howToConfigure)")
        }

        let sample = settings.sampleDatabase ? try await SampleLibrary.make(storageDirectory: stack.settings.storage.directory) : nil
        // On-premises data servers are reached through Azure Relay; a relay connection string
        // without a key is signed with the deployment's Entra credential (Azure Relay Sender).
        let relay = RelayConnectorFactory(entraTokens: deployment.credential.map { EntraRelayTokenProvider(credential: $0) }, logger: logger)
        let inventoryDirectory = InventoryDatabaseDirectory(inventory: stack.inventory, secrets: stack.secrets, onPremises: relay, logger: logger)
        let databases = LayeredDatabaseDirectory(tenant: inventoryDirectory, shared: sample?.databases, defaultName: stack.settings.defaultDatabase ?? sample.map { _ in SampleLibrary.databaseName })
        let tenantQueries: any VerifiedQueryStore
        if settings.verifiedCache == .redis, let redisClient {
            tenantQueries = RedisVerifiedQueryStore(client: redisClient, keyPrefix: redisNamespace)
        } else {
            tenantQueries = InMemoryVerifiedQueryStore()
        }
        let vault = try await keyVault(deployment: deployment, logger: logger)
        var resolver: (any ModelResolver)?
        if let vault, let configuredProvider {
            resolver = UserKeyModelResolver(
                provider: configuredProvider.type, vault: vault,
                makeProvider: LLMProviderRegistry.standard.keyedFactory(for: configuredProvider), platform: model)
        }
        let agent = Agent(
            model: model, models: resolver, databases: databases, chats: stack.chats,
            verifiedQueries: LayeredVerifiedQueryStore(tenant: tenantQueries, shared: sample?.verifiedQueries),
            usageSink: stack.usageSink, usagePolicy: stack.usagePolicy, logger: logger)

        var webhook: StripeWebhookHandler?
        var reporter: MeterReporter?
        if let billing = try? BillingServices(stack: stack, logger: logger) {
            webhook = try? await billing.webhookHandler()
            reporter = try? await billing.meterReporter()
        }

        let authenticator: any RequestAuthenticator
        switch settings.auth {
        case .development:
            authenticator = DevelopmentAuthenticator()
            logger.warning("Development authentication is ON: any 'Bearer dev:<tenant>:<user>' token is accepted without proof. Never use it in production (server.auth).")
        case .oidc:
            let configuration = try SignInConfiguration(issuer: settings.oidcIssuer ?? "", audience: settings.oidcAudience ?? "", metadataURL: settings.oidcMetadataURL)
            authenticator = OIDCBearerAuthenticator(configuration: configuration, transport: AsyncHTTPClientTransport(), logger: logger)
        }
        let rateLimiter: any RequestRateLimiter = redisClient.map { RedisRateLimiter(client: $0, limit: settings.rateLimitPerMinute, keyPrefix: redisNamespace) }
            ?? InMemoryRateLimiter(limit: settings.rateLimitPerMinute)

        var checks: [ReadinessCheck] = [
            ReadinessCheck(name: "chat-store") { _ = try await stack.chats.conversations(limit: 1, context: .local) },
            ReadinessCheck(name: "inventory") { _ = try await stack.inventory.servers(context: .local) },
            ReadinessCheck(name: "secrets") { _ = try await stack.secrets.secretNames(context: .local) },
        ]
        if let redisClient { checks.append(ReadinessCheck(name: "redis") { try await redisClient.ping() }) }
        if let sample { checks.append(ReadinessCheck(name: "sample-database") { _ = try await sample.databases.database(named: SampleLibrary.databaseName, context: .local).connector.introspectSchema() }) }

        let components = ServerComponents(
            agent: agent, chats: stack.chats, inventory: stack.inventory, secrets: stack.secrets,
            keyVault: vault, webhookHandler: webhook, meterReporter: reporter,
            authenticator: authenticator, rateLimiter: rateLimiter,
            readinessChecks: checks, services: deployment.services)
        return (components, settings)
    }

    /// The secret (of the `secrets.owner` tenant) holding the bring-your-own-key vault's
    /// key-encryption key: `v1:<base64 of 32 random bytes>` (newest version first, comma-separated).
    public static let keyEncryptionKeySecretName = "user-key-kek"

    /// The envelope vault when the KEK secret is set, else `nil`. Wrapped keys live in the
    /// deployment's Cosmos DB container `cosmos.userkeys_container` on Azure (instances come and
    /// go; every one must see every key), else in `<storage.directory>/user-keys.sqlite`.
    static func keyVault(deployment: AzureDeployment, logger: Logger) async throws -> (any UserKeyVault)? {
        let stack = deployment.stack
        let owner = DaiBaiCore.RequestContext(tenant: try ComponentRegistry.secretsOwner(stack.config), user: .local)
        guard let name = SecretName(rawValue: keyEncryptionKeySecretName),
              try await stack.secrets.secret(named: name, context: owner) != nil else { return nil }
        let kek = try await LocalKeyEncryptionKey.load(from: stack.secrets, name: name, context: owner)
        let store: any WrappedKeyStore
        if let cosmos = try deployment.cosmosClient(logger: logger) {
            store = CosmosWrappedKeyStore(client: cosmos.client, database: cosmos.settings.cosmosDatabase, container: cosmos.settings.userKeysContainer, logger: logger)
        } else {
            store = try SQLiteWrappedKeyStore(path: stack.settings.storage.directory + "/user-keys.sqlite")
        }
        return EnvelopeUserKeyVault(store: store, kek: kek)
    }
}
