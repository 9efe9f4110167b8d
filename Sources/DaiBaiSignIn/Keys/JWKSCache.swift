import DaiBaiCore
import Foundation
import JWTKit
import Logging
import Synchronization

/// The issuer's RS256 signing keys, fetched through discovery and cached.
///
/// - The first lookup fetches the discovery document (its `issuer` must equal the configured
///   one) and then its `jwks_uri`. Only RSA signing keys are kept (`kty` `RSA`, `use` `sig` or
///   absent, `alg` `RS256` or absent, at least 2048 bits); each key sits alone in its own
///   `JWTKeyCollection` registered for RS256, so verification can neither pick another key nor
///   another algorithm.
/// - A `kid` that is not held triggers a refetch, at most once per
///   ``SignInConfiguration/jwksMinimumRefetchInterval`` (counted from the start of the last
///   fetch, successful or not); within it the token is refused at once with
///   `AuthenticationError.unknownKey`. Keys older than
///   ``SignInConfiguration/jwksMaximumAge`` are refreshed under the same limit.
/// - Concurrent lookups that need a fetch share one (single-flight).
/// - A failed fetch is `AuthenticationError.issuerUnavailable` for every lookup that
///   needed it, except that a `kid` already held keeps verifying (the keys of the last
///   successful fetch stay until a fetch succeeds). With no keys held, each lookup that finds
///   no fetch in flight starts one.
/// - Fetches run in their own task, so a cancelled request does not cancel the fetch that
///   other requests wait for; each is bounded by ``SignInConfiguration/requestTimeout``.
///
/// Times come from the injected `now`, the same clock the token checks use.
public final class JWKSCache: Sendable {
    /// A fetched key set.
    struct KeySet: Sendable {
        /// One single-key collection per `kid`.
        var keys: [String: JWTKeyCollection]
        /// When the fetch finished.
        var fetchedAt: Date
    }

    private typealias Fetch = Task<Result<KeySet, AuthenticationError>, Never>

    private struct State: Sendable {
        var keySet: KeySet?
        var discovery: OIDCDiscoveryDocument?
        var inFlight: Fetch?
        var lastFetchStarted: Date?
        var statistics = JWKSCacheStatistics()
    }

    private enum Decision: Sendable {
        case use(JWTKeyCollection)
        case refuse(AuthenticationError)
        case wait(Fetch)
    }

    private let configuration: SignInConfiguration
    private let transport: any HTTPTransport
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let metrics: SignInMetrics
    private let state = Mutex(State())

    init(
        configuration: SignInConfiguration,
        transport: any HTTPTransport,
        now: @escaping @Sendable () -> Date,
        logger: Logger,
        metrics: SignInMetrics
    ) {
        self.configuration = configuration
        self.transport = transport
        self.now = now
        self.logger = logger
        self.metrics = metrics
    }

    /// What the cache has done so far.
    public var statistics: JWKSCacheStatistics { state.withLock { $0.statistics } }

    /// The key ids held now, sorted.
    public var keyIDs: [String] { state.withLock { $0.keySet.map { Array($0.keys.keys).sorted() } ?? [] } }

    /// Loads the keys if none are held (sharing a fetch in flight); for start-up or readiness
    /// checks, so the first request does not wait for the identity provider.
    public func prefetch() async throws(AuthenticationError) {
        let fetch: Fetch? = state.withLock { state in
            if state.keySet != nil { return nil }
            if let inFlight = state.inFlight {
                state.statistics.sharedFetchWaitCount += 1
                return inFlight
            }
            return startFetch(&state)
        }
        guard let fetch else { return }
        if case .failure(let error) = await fetch.value { throw error }
    }

    /// The single-key collection for `kid`, fetching the key set when the rules above say so.
    func collection(for kid: String) async throws(AuthenticationError) -> JWTKeyCollection {
        let decision = state.withLock { state -> Decision in
            let now = now()
            if let keySet = state.keySet {
                let fresh = now.timeIntervalSince(keySet.fetchedAt) < configuration.jwksMaximumAge.timeInterval
                if fresh, let key = keySet.keys[kid] { return .use(key) }
                if let inFlight = state.inFlight {
                    state.statistics.sharedFetchWaitCount += 1
                    return .wait(inFlight)
                }
                if let last = state.lastFetchStarted,
                   now.timeIntervalSince(last) < configuration.jwksMinimumRefetchInterval.timeInterval {
                    if let key = keySet.keys[kid] { return .use(key) }
                    state.statistics.rateLimitedMissCount += 1
                    metrics.rateLimited.increment()
                    return .refuse(.unknownKey(keyID: kid))
                }
            } else if let inFlight = state.inFlight {
                state.statistics.sharedFetchWaitCount += 1
                return .wait(inFlight)
            }
            return .wait(startFetch(&state))
        }
        switch decision {
        case .use(let collection):
            return collection
        case .refuse(let error):
            throw error
        case .wait(let fetch):
            switch await fetch.value {
            case .success(let keySet):
                guard let key = keySet.keys[kid] else { throw .unknownKey(keyID: kid) }
                return key
            case .failure(let error):
                if let held = state.withLock({ $0.keySet?.keys[kid] }) {
                    logger.warning("Refreshing the sign-in keys failed; verifying with the keys held", metadata: ["reason": "\(error)"])
                    return held
                }
                throw error
            }
        }
    }

    /// Starts a fetch and records it in `state` (called with the lock held).
    private func startFetch(_ state: inout State) -> Fetch {
        state.lastFetchStarted = now()
        state.statistics.fetchCount += 1
        let fetch = Fetch { await self.runFetch() }
        state.inFlight = fetch
        return fetch
    }

    /// Fetches the key set and stores the outcome.
    private func runFetch() async -> Result<KeySet, AuthenticationError> {
        let result: Result<KeySet, AuthenticationError>
        do throws(AuthenticationError) {
            result = .success(try await fetchKeySet())
        } catch {
            result = .failure(error)
        }
        state.withLock { state in
            state.inFlight = nil
            switch result {
            case .success(let keySet):
                state.keySet = keySet
                state.statistics.keyCount = keySet.keys.count
            case .failure:
                state.statistics.failedFetchCount += 1
                // Read the discovery document again next time: the jwks_uri may have moved.
                state.discovery = nil
            }
        }
        switch result {
        case .success(let keySet):
            metrics.fetchSucceeded.increment()
            logger.info("Loaded the sign-in keys", metadata: [
                "keys": "\(keySet.keys.count)", "kids": "\(keySet.keys.keys.sorted().joined(separator: ","))",
            ])
        case .failure(let error):
            metrics.fetchFailed.increment()
            logger.warning("Loading the sign-in keys failed", metadata: ["reason": "\(error)"])
        }
        return result
    }

    private func fetchKeySet() async throws(AuthenticationError) -> KeySet {
        let discovery = try await discoveryDocument()
        let document = try await SignInHTTP.getJSON(
            JSONWebKeySetDocument.self, url: discovery.jwksURI, what: "the JWKS",
            timeout: configuration.requestTimeout, transport: transport)
        let (usable, skipped) = document.rsaSigningKeys()
        if skipped > 0 {
            logger.debug("Skipped keys of the JWKS that are not RS256 signing keys", metadata: ["skipped": "\(skipped)"])
        }
        guard !usable.isEmpty else {
            throw .issuerUnavailable("the JWKS at \(discovery.jwksURI) publishes no RSA signing key of at least 2048 bits")
        }
        var keys: [String: JWTKeyCollection] = [:]
        for signingKey in usable {
            let collection = JWTKeyCollection()
            await collection.add(rsa: signingKey.key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: signingKey.kid))
            keys[signingKey.kid] = collection
        }
        return KeySet(keys: keys, fetchedAt: now())
    }

    private func discoveryDocument() async throws(AuthenticationError) -> OIDCDiscoveryDocument {
        if let held = state.withLock({ $0.discovery }) { return held }
        state.withLock { $0.statistics.discoveryFetchCount += 1 }
        let document = try await SignInHTTP.getJSON(
            OIDCDiscoveryDocument.self, url: configuration.metadataURL, what: "the OpenID Connect metadata",
            timeout: configuration.requestTimeout, transport: transport)
        guard document.issuer == configuration.issuer else {
            throw .issuerUnavailable(
                "the OpenID Connect metadata at \(configuration.metadataURL) is for issuer '\(document.issuer)', not the configured '\(configuration.issuer)'; check the issuer and metadata URL")
        }
        guard SignInEndpoint.isAcceptable(document.jwksURI) else {
            throw .issuerUnavailable("the metadata's jwks_uri '\(document.jwksURI)' is not https")
        }
        state.withLock { $0.discovery = document }
        return document
    }
}
