import Configuration
import DaiBaiCore
import Logging
import ServiceLifecycle

/// A stack built by ``AzureBootstrap``, with what keeps it current.
public struct AzureDeployment: Sendable {
    /// The components.
    public var stack: DaiBaiStack
    /// The credential every Azure client uses; `nil` on the local profile.
    public var credential: (any TokenCredential)?
    /// The App Configuration provider; `nil` on the local profile.
    public var appConfiguration: AppConfigurationProvider?

    /// The services to run for the stack's lifetime (App Configuration refresh), for
    /// example in a swift-service-lifecycle `ServiceGroup`.
    public var services: [any Service] { appConfiguration.map { [$0] } ?? [] }

    /// A client of the deployment's Cosmos DB account, authenticated as the stack's Cosmos
    /// backends are (the account key when `cosmos.key` is set, else ``credential``), for stores
    /// the application composes itself (``CosmosWrappedKeyStore``, ``CosmosAuditLog``).
    ///
    /// - Returns: `nil` on the local profile.
    /// - Throws: ``BootstrapError/configuration(_:)`` when the Cosmos settings are unusable.
    public func cosmosClient(
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        logger: Logger = Logger(label: "daibai.cosmos", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(BootstrapError) -> (client: CosmosClient, settings: AzureSettings)? {
        guard let credential else { return nil }
        do {
            let settings = try AzureSettings(config: stack.config)
            let client = try CosmosClient(
                endpoint: settings.cosmosEndpoint,
                authentication: ComponentRegistry.cosmosAuthentication(stack.config, credential: credential),
                transport: transport, logger: logger)
            return (client, settings)
        } catch let error as ConfigurationError {
            throw .configuration(error)
        } catch {
            throw .configuration(.invalidSetting(key: "cosmos.endpoint", reason: "\(error)"))
        }
    }
}

/// The cloud switch: the same code on a laptop with local files and on Azure with managed
/// identity, App Configuration, Key Vault and Cosmos DB.
///
/// With `AZURE_DEPLOYMENT=true` (or `deployment.profile: azure`):
/// 1. a ``DefaultAzureCredential`` is built from the environment (or the one given);
/// 2. configuration is read from the environment, then App Configuration at
///    `AZURE_APPCONFIG_ENDPOINT` (its Key Vault references resolved from `KEY_VAULT_URL`),
///    then `daibai.yaml` if present — no `.env` file is needed;
/// 3. secrets come from Key Vault, chat history and inventory from Cosmos DB
///    (``ComponentRegistry/registerAzure(credential:transport:)``).
///
/// Otherwise it is ``DaiBaiStack/bootstrap(config:registry:logger:)`` over the local
/// configuration. A missing required setting is one ``BootstrapError`` naming it.
public enum AzureBootstrap {
    /// Builds the stack for the profile the configuration selects.
    ///
    /// - Parameters:
    ///   - options: Where local configuration comes from (environment, `.env`, `daibai.yaml`).
    ///   - registry: The backends to choose from; the Azure ones are added to it.
    ///   - credential: The credential to use instead of a ``DefaultAzureCredential`` built from `options.environment`.
    ///   - credentialOptions: How that ``DefaultAzureCredential`` is built (exclusions, timeouts); unused when
    ///     `credential` is given.
    ///   - transport: The HTTP transport of every Azure client.
    ///   - logger: Where bootstrap and component logs go.
    public static func bootstrap(
        options: ConfigurationLoader.Options = .init(),
        registry: ComponentRegistry = .localDefaults(),
        credential: (any TokenCredential)? = nil,
        credentialOptions: DefaultAzureCredentialOptions = .init(),
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        logger: Logger = Logger(label: "daibai.azure.bootstrap", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws(BootstrapError) -> AzureDeployment {
        let local: ConfigurationLoader.Loaded
        do {
            local = try ConfigurationLoader.load(options)
        } catch {
            throw .configuration(error)
        }
        guard StorageSettings(config: local.reader).deployment == "azure" else {
            let stack = try await DaiBaiStack.bootstrap(config: local.reader, registry: registry, logger: logger)
            return AzureDeployment(stack: stack, credential: nil, appConfiguration: nil)
        }

        let settings: AzureSettings
        let owner: TenantID
        do {
            settings = try AzureSettings(config: local.reader)
            owner = try ComponentRegistry.secretsOwner(local.reader)
        } catch {
            throw .configuration(error)
        }
        let chosen: any TokenCredential
        if let given = credential {
            chosen = given
        } else {
            let chain = DefaultAzureCredential(
                environment: local.variables, options: credentialOptions, transport: transport, logger: logger)
            if let error = chain.configurationError {
                throw .configuration(.invalidSetting(key: "AZURE_TOKEN_CREDENTIALS", reason: "\(error)"))
            }
            chosen = chain
        }
        let vault: KeyVaultSecretStore
        do {
            vault = try KeyVaultSecretStore.make(settings: settings, config: local.reader, credential: chosen, transport: transport, logger: logger)
        } catch {
            throw .componentFailed(kind: .secrets, backend: "key-vault", message: "\(error)")
        }
        let selector = AppConfigurationSelector(keyFilter: (settings.appConfigurationKeyPrefix ?? "") + "*", labelFilter: settings.appConfigurationLabel)
        let appConfiguration: AppConfigurationProvider
        do {
            appConfiguration = try await AppConfigurationProvider(
                endpoint: settings.appConfigurationEndpoint,
                authentication: .credential(chosen),
                selectors: [selector],
                keyPrefix: settings.appConfigurationKeyPrefix,
                secretStore: vault,
                secretContext: RequestContext(tenant: owner, user: .local),
                refreshInterval: settings.appConfigurationRefresh,
                transport: transport,
                logger: logger
            )
        } catch {
            throw .configurationSourceFailed(source: "Azure App Configuration (\(settings.appConfigurationEndpoint))", message: "\(error)")
        }
        var options = options
        options.additionalProviders.append(appConfiguration)
        let reader: ConfigReader
        do {
            reader = try ConfigurationLoader.load(options).reader
        } catch {
            throw .configuration(error)
        }
        var registry = registry
        registry.registerAzure(credential: chosen, transport: transport)
        let stack = try await DaiBaiStack.bootstrap(config: reader, registry: registry, logger: logger)
        return AzureDeployment(stack: stack, credential: chosen, appConfiguration: appConfiguration)
    }
}
