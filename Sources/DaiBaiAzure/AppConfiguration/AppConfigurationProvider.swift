import Configuration
import DaiBaiCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Tracing

/// Azure App Configuration as a swift-configuration provider that keeps itself up to date.
///
/// The initializer loads the first snapshot (and throws if it cannot); ``run()`` (a
/// swift-service-lifecycle `Service`) then reloads every ``refreshInterval`` until graceful
/// shutdown or cancellation, or call ``refresh()`` yourself. Each reload replaces the snapshot
/// at once and notifies `watch` subscribers of the keys that changed; a failed reload keeps
/// the previous snapshot and logs a warning.
///
/// **Loading.** Each selector is listed in order (`GET /kv?key=…&label=…&api-version=2023-11-01`,
/// all pages); for a key found by several selectors the later one wins. Feature flags
/// (`.appconfig.featureflag/…`) come only from `featureFlagSelectors`.
///
/// **Keys.** `keyPrefix` is trimmed from keys that start with it, and the rest is split at `:`
/// and `.` into key components: with `keyPrefix: "DaiBai:"`, `DaiBai:llm:default` is read as
/// `llm.default`. Values are strings; typed reads convert them like the environment-variable
/// provider (`1`/`true`/`yes` are `true`; arrays are comma-separated).
///
/// **Secrets.** Key Vault references (content type
/// `application/vnd.microsoft.appconfig.keyvaultref+json`) are resolved through `secretStore`
/// for `secretContext` (vault secret `OPENAI-API-KEY` → secret name `OPENAI_API_KEY`) and always
/// marked secret, as are keys that ``SecretKeyPolicy`` names secret. An unresolvable reference
/// fails the first load with an error naming the key; on a reload the key keeps its previous value.
///
/// **Feature flags.** The flag `<id>` is the bool key `feature_management.<id>` and
/// ``isFeatureEnabled(_:)``; only its `enabled` switch is read (conditions are not evaluated).
public final class AppConfigurationProvider: ConfigProvider, Service, CustomStringConvertible, CustomReflectable {
    /// `Azure App Configuration <endpoint>`.
    public let providerName: String
    /// The store's endpoint, `scheme://host[:port]`.
    public let endpoint: String
    /// The time between reloads in ``run()``.
    public let refreshInterval: Duration

    private let loader: AppConfigurationLoader
    private let sleep: @Sendable (Duration) async throws -> Void
    private let logger: Logger
    private let state: Mutex<AppConfigurationProviderState>

    /// Connects to the store and loads the first snapshot.
    ///
    /// - Parameters:
    ///   - endpoint: The store's endpoint; taken from the connection string when `nil`.
    ///   - authentication: An access-key connection string or an Entra credential.
    ///   - selectors: The key-values to load, in order (later wins). Default: all keys without a label.
    ///   - featureFlagSelectors: The feature flags to load; `[]` loads none. Default: all flags without a label.
    ///   - keyPrefix: Trimmed from the start of keys (for example `DaiBai:`).
    ///   - secretStore: Resolves Key Vault references; without one, a reference fails the first load.
    ///   - secretContext: The tenant and user the references are resolved for.
    ///   - refreshInterval: The time between reloads in ``run()``.
    ///   - audience: The Entra audience (credential authentication); derived from the endpoint when `nil`.
    ///   - transport: Sends the requests.
    ///   - retrier: Retries 429 and 5xx answers and connection failures.
    ///   - timeout: The longest wait for each response head.
    ///   - logger: Receives debug lines and reload warnings (never values).
    ///   - now: The clock for `x-ms-date` and `Retry-After` dates.
    ///   - sleep: Waits between reloads in ``run()``; must throw when the task is cancelled.
    /// - Throws: ``AppConfigurationError`` when the settings are invalid or the first load fails.
    public init(
        endpoint: String? = nil,
        authentication: AppConfigurationAuthentication,
        selectors: [AppConfigurationSelector] = [AppConfigurationSelector(keyFilter: "*", labelFilter: nil)],
        featureFlagSelectors: [AppConfigurationSelector] = [.featureFlags()],
        keyPrefix: String? = nil,
        secretStore: (any SecretStore)? = nil,
        secretContext: RequestContext = .local,
        refreshInterval: Duration = .seconds(30),
        audience: String? = nil,
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        retrier: Retrier = Retrier(),
        timeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "daibai.appconfiguration", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) async throws(AppConfigurationError) {
        let authorizer: AppConfigurationAuthorizer
        let storeEndpoint: AppConfigurationEndpoint
        var secrets: [SecretValue] = []
        switch authentication {
        case .connectionString(let connectionString):
            let parsed = try AppConfigurationConnectionString(parsing: connectionString)
            storeEndpoint = try AppConfigurationEndpoint(parsing: endpoint ?? parsed.endpoint)
            authorizer = .accessKey(try AppConfigurationRequestSigner(credential: parsed.id, secret: parsed.secret))
            secrets = [connectionString, parsed.secret]
        case .credential(let credential):
            guard let endpoint else {
                throw .invalidEndpoint(reason: "an endpoint is required with credential authentication")
            }
            storeEndpoint = try AppConfigurationEndpoint(parsing: endpoint)
            authorizer = .bearer(credential, scope: AppConfigurationAudience.scope(for: storeEndpoint, audience: audience))
        }
        let name = "Azure App Configuration \(storeEndpoint)"
        let client = AppConfigurationClient(
            endpoint: storeEndpoint, authorizer: authorizer, transport: transport, retrier: retrier,
            syncTokens: AppConfigurationSyncTokens(), redactor: AppConfigurationRedactor(secrets: secrets), timeout: timeout, now: now, logger: logger)
        let loader = AppConfigurationLoader(
            client: client, selectors: selectors, featureFlagSelectors: featureFlagSelectors,
            mapping: AppConfigurationKeyMapping(keyPrefix: keyPrefix), secretStore: secretStore,
            secretContext: secretContext, providerName: name, logger: logger)
        let first = try await loader.load(previous: nil)
        self.providerName = name
        self.endpoint = storeEndpoint.origin
        self.refreshInterval = refreshInterval
        self.loader = loader
        self.sleep = sleep
        self.logger = logger
        self.state = Mutex(AppConfigurationProviderState(snapshot: first))
        logger.debug("App Configuration loaded", metadata: ["endpoint": "\(storeEndpoint)", "keys": "\(first.count)"])
    }

    // MARK: Refreshing

    /// Reloads the store now and installs the new snapshot (unless a later reload finished first).
    ///
    /// - Throws: ``AppConfigurationError`` when the reload failed; the previous snapshot stays.
    public func refresh() async throws(AppConfigurationError) {
        let (generation, previous) = state.withLock { ($0.startLoad(), $0.snapshot) }
        let loader = self.loader
        let outcome: Result<AppConfigurationSnapshot, AppConfigurationError> = await withSpan("daibai.appconfiguration.refresh") { span in
            span.attributes["server.address"] = loader.client.endpoint.host
            do throws(AppConfigurationError) {
                let new = try await loader.load(previous: previous)
                span.attributes["daibai.appconfiguration.keys"] = new.count
                return .success(new)
            } catch {
                span.recordError(error)
                return .failure(error)
            }
        }
        let new = try outcome.get()
        let applied = state.withLock { $0.apply(new, generation: generation) }
        logger.debug("App Configuration reloaded", metadata: ["keys": "\(new.count)", "applied": "\(applied)"])
    }

    /// Reloads every ``refreshInterval`` until graceful shutdown or cancellation, then returns.
    /// A failed reload is logged and the previous snapshot kept.
    public func run() async throws {
        let sleep = self.sleep
        let interval = refreshInterval
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await sleep(interval) }
            } catch {
                return
            }
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
            do throws(AppConfigurationError) {
                try await refresh()
            } catch .cancelled {
                return
            } catch {
                logger.warning("App Configuration reload failed; keeping the previous values", metadata: ["error": "\(error)"])
            }
        }
    }

    // MARK: Reading

    /// The current snapshot.
    public var currentSnapshot: AppConfigurationSnapshot { state.withLock { $0.snapshot } }

    /// Whether the feature flag `id` is on, or `nil` when the store has no such flag.
    public func isFeatureEnabled(_ id: String) -> Bool? {
        state.withLock { $0.snapshot.featureFlags[id] }
    }

    /// `AppConfigurationProvider[<endpoint>, <n> keys]`; never values.
    public var description: String {
        "AppConfigurationProvider[\(endpoint), \(state.withLock { $0.snapshot.count }) keys]"
    }

    /// Only the endpoint and the key count, so `dump` shows no credentials or values.
    public var customMirror: Mirror {
        Mirror(self, children: ["endpoint": endpoint, "keys": currentSnapshot.count], displayStyle: .class)
    }

    // MARK: ConfigProvider

    /// The value of `key` in the current snapshot.
    public func value(forKey key: AbsoluteConfigKey, type: ConfigType) throws -> LookupResult {
        try currentSnapshot.value(forKey: key, type: type)
    }

    /// The value of `key` in the current snapshot (reloading happens in ``run()`` / ``refresh()``).
    public func fetchValue(forKey key: AbsoluteConfigKey, type: ConfigType) async throws -> LookupResult {
        try value(forKey: key, type: type)
    }

    /// Emits the current value of `key`, then its new value after each reload that changed it.
    nonisolated(nonsending) public func watchValue<Return: ~Copyable>(
        forKey key: AbsoluteConfigKey,
        type: ConfigType,
        updatesHandler: (ConfigUpdatesAsyncSequence<Result<LookupResult, any Error>, Never>) async throws -> Return
    ) async throws -> Return {
        let (stream, continuation) = AsyncStream<Result<LookupResult, any Error>>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        let components = key.components
        state.withLock { state in
            state.valueWatchers[components, default: [:]][id] = .init(type: type, continuation: continuation)
            continuation.yield(AppConfigurationProviderState.result(state.snapshot, components: components, type: type))
        }
        defer {
            state.withLock { state in
                state.valueWatchers[components]?[id] = nil
                if state.valueWatchers[components]?.isEmpty == true { state.valueWatchers[components] = nil }
            }
            continuation.finish()
        }
        return try await updatesHandler(ConfigUpdatesAsyncSequence(stream))
    }

    /// The current snapshot.
    public func snapshot() -> any ConfigSnapshot { currentSnapshot }

    /// Emits the current snapshot, then each reloaded snapshot that differs from the one before.
    nonisolated(nonsending) public func watchSnapshot<Return: ~Copyable>(
        updatesHandler: (ConfigUpdatesAsyncSequence<any ConfigSnapshot, Never>) async throws -> Return
    ) async throws -> Return {
        let (stream, continuation) = AsyncStream<any ConfigSnapshot>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        state.withLock { state in
            state.snapshotWatchers[id] = continuation
            continuation.yield(state.snapshot)
        }
        defer {
            state.withLock { _ = $0.snapshotWatchers.removeValue(forKey: id) }
            continuation.finish()
        }
        return try await updatesHandler(ConfigUpdatesAsyncSequence(stream))
    }
}
