import Crypto
import Foundation
import Logging
import Synchronization

/// A ``ModelResolver`` for bring-your-own-key: the user's key for the configured vendor when
/// they stored one, else the tenant's key, else the platform's provider.
///
/// Providers built with a user's or tenant's key are cached for ``cacheTTL``, keyed by tenant,
/// user, provider and key version (for tenant keys, a digest of the key), so a replaced key
/// is used from the next request on and a cached provider never outlives its TTL. Each
/// request costs one summary read of the vault; the key is decrypted only on a cache miss.
///
/// A failure of the vault or of the tenant's secret store refuses the request rather than
/// spending another payer's key.
public final class UserKeyModelResolver: ModelResolver {
    /// Builds a provider that sends `key` (DaiBaiLLM's registry builds it from the configured settings).
    public typealias ProviderFactory = @Sendable (_ key: SecretValue) throws(ConfigurationError) -> any LLMProvider

    /// The vendor type whose keys are looked up, for example `openai`.
    public let provider: String
    /// How long a provider built with a user's or tenant's key is reused.
    public let cacheTTL: Duration

    private let vault: any UserKeyVault
    private let makeProvider: ProviderFactory
    private let tenantKey: (store: any SecretStore, name: SecretName)?
    private let platform: (any LLMProvider)?
    private let maxCachedProviders: Int
    private let now: @Sendable () -> ContinuousClock.Instant
    private let logger: Logger
    private let cache = Mutex<[CacheKey: CachedProvider]>([:])

    private struct CacheKey: Hashable {
        var tenant: TenantID
        var user: UserID?
        var version: String
    }

    private struct CachedProvider {
        var provider: any LLMProvider
        var payer: UsagePayer
        var expires: ContinuousClock.Instant
    }

    /// Creates a resolver.
    /// - Parameters:
    ///   - provider: The vendor type whose keys are looked up, for example `openai`.
    ///   - vault: The users' keys.
    ///   - makeProvider: Builds a provider that sends a given key.
    ///   - tenantKey: Where a tenant-wide key lives (a secret of the tenant), if tenants may bring one.
    ///   - platform: The platform's provider, for users and tenants without a key; `nil` refuses them.
    ///   - cacheTTL: How long a provider built with a user's or tenant's key is reused; 5 minutes by default.
    ///   - maxCachedProviders: The most providers kept; expired ones go first, then the oldest.
    ///   - now: The clock, injectable for tests.
    ///   - logger: Where diagnostics go (never keys); nothing is logged by default.
    public init(
        provider: String,
        vault: any UserKeyVault,
        makeProvider: @escaping ProviderFactory,
        tenantKey: (store: any SecretStore, name: SecretName)? = nil,
        platform: (any LLMProvider)? = nil,
        cacheTTL: Duration = .seconds(300),
        maxCachedProviders: Int = 10_000,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        logger: Logger = Logger(label: "daibai.byok", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.provider = provider
        self.vault = vault
        self.makeProvider = makeProvider
        self.tenantKey = tenantKey
        self.platform = platform
        self.cacheTTL = cacheTTL
        self.maxCachedProviders = max(1, maxCachedProviders)
        self.now = now
        self.logger = logger
    }

    /// The user's, the tenant's or the platform's model, in that order.
    public func model(for context: RequestContext) async throws(ModelResolutionError) -> ResolvedModel {
        let summary: ProviderKeySummary?
        do {
            summary = try await vault.summary(provider: provider, context: context)
        } catch {
            throw failure("the user's key vault failed: \(error)")
        }
        if let summary {
            let key = CacheKey(tenant: context.tenant, user: context.user, version: "v\(summary.version)")
            if let cached = cached(key) { return cached }
            let stored: UserProviderKey?
            do {
                stored = try await vault.key(provider: provider, context: context)
            } catch {
                throw failure("the user's \(provider) key could not be read: \(error)")
            }
            if let stored {
                // The version read with the key wins: the key may have been replaced since the summary.
                let versioned = CacheKey(tenant: context.tenant, user: context.user, version: "v\(stored.summary.version)")
                return try build(stored.key, payer: .byok, cacheKey: versioned)
            }
        }
        if let tenantKey {
            let secret: SecretValue?
            do {
                secret = try await tenantKey.store.secret(named: tenantKey.name, context: context)
            } catch {
                throw failure("the tenant's key could not be read from \(tenantKey.store.storeName): \(error)")
            }
            if let secret, !secret.isEmpty {
                let digest = SHA256.hash(data: Array(secret.revealed().utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
                let key = CacheKey(tenant: context.tenant, user: nil, version: digest)
                if let cached = cached(key) { return cached }
                return try build(secret, payer: .tenant, cacheKey: key)
            }
        }
        guard let platform else {
            throw failure("the user has no \(provider) key, the tenant has none, and no platform model is configured; store a key with the user key vault")
        }
        return ResolvedModel(provider: platform, payer: .platform)
    }

    /// Forgets every cached provider (for example after keys were deleted in bulk).
    public func removeAllCachedProviders() {
        cache.withLock { $0.removeAll() }
    }

    /// How many providers are cached now.
    public var cachedProviderCount: Int { cache.withLock { $0.count } }

    private func cached(_ key: CacheKey) -> ResolvedModel? {
        let instant = now()
        return cache.withLock { entries -> ResolvedModel? in
            guard let entry = entries[key] else { return nil }
            guard entry.expires > instant else {
                entries[key] = nil
                return nil
            }
            return ResolvedModel(provider: entry.provider, payer: entry.payer)
        }
    }

    private func build(_ secret: SecretValue, payer: UsagePayer, cacheKey: CacheKey) throws(ModelResolutionError) -> ResolvedModel {
        let built: any LLMProvider
        do {
            built = try makeProvider(secret)
        } catch {
            throw failure("a provider could not be built with the \(payer == .byok ? "user's" : "tenant's") key: \(error)")
        }
        let instant = now()
        let expires = instant.advanced(by: cacheTTL)
        let limit = maxCachedProviders
        cache.withLock { entries in
            if entries.count >= limit {
                entries = entries.filter { $0.value.expires > instant }
                while entries.count >= limit, let oldest = entries.min(by: { $0.value.expires < $1.value.expires }) {
                    entries[oldest.key] = nil
                }
            }
            // Older versions of the same owner's key are dropped at once.
            entries = entries.filter { !($0.key.tenant == cacheKey.tenant && $0.key.user == cacheKey.user && $0.key.version != cacheKey.version) }
            entries[cacheKey] = CachedProvider(provider: built, payer: payer, expires: expires)
        }
        logger.debug("built a model provider", metadata: ["provider": "\(provider)", "payer": "\(payer.rawValue)"])
        return ResolvedModel(provider: built, payer: payer)
    }

    private func failure(_ reason: String) -> ModelResolutionError {
        ModelResolutionError(provider: provider, reason: reason)
    }
}
