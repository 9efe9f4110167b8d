import DaiBaiCore
import Foundation
import Logging
import Synchronization
import Tracing

/// Caches access tokens per scopes and tenant, and refreshes them before they expire.
///
/// - A cached token is handed out until its refresh time: the provider's `refresh_in` hint when
///   given, otherwise ``refreshMargin`` (300 s) before expiry, whichever comes first.
/// - However many callers ask at once, exactly one fetch per scopes and tenant is in flight;
///   every waiter gets its result.
/// - A failed fetch is returned to all its waiters and is not cached: the next call fetches again.
///   If a still-valid token exists (a proactive refresh failed), the waiters get that token instead,
///   and the next refresh is attempted no sooner than ``retryPause`` later.
/// - Cancelling one waiter ends only that waiter's wait (with an
///   ``CredentialError/authenticationFailed(credential:reason:)`` saying so); the shared fetch goes
///   on for the others and is cancelled only when no waiter is left (a later caller then starts a
///   new fetch).
/// - Each acquisition is logged at debug level with the credential, scopes and expiry, never the
///   token, and runs in a client span `daibai.azure.identity.token` (attributes `daibai.credential`,
///   `daibai.scopes`).
public final class TokenCache: Sendable {
    /// How long before expiry a token is refreshed (300 s, as the official Azure SDKs do).
    public let refreshMargin: TimeInterval
    /// The pause after a failed proactive refresh before the next attempt (30 s).
    public let retryPause: TimeInterval
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let state = Mutex(State())

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - refreshMargin: Refresh this long before expiry.
    ///   - retryPause: After a failed refresh of a still-valid token, wait this long before trying again.
    ///   - now: The clock (inject one in tests).
    ///   - logger: Receives a debug line per acquisition.
    public init(
        refreshMargin: TimeInterval = 300,
        retryPause: TimeInterval = 30,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "daibai.azure.identity", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.refreshMargin = refreshMargin
        self.retryPause = retryPause
        self.now = now
        self.logger = logger
    }

    /// The cached token for `request`, or the result of `fetch` (shared by all concurrent callers).
    ///
    /// - Parameters:
    ///   - request: Its scopes and tenant are the cache key.
    ///   - credentialName: Names the credential in logs and in the cancellation error.
    ///   - fetch: Obtains a new token; called at most once at a time per key.
    public func token(
        for request: TokenRequest,
        credentialName: String,
        fetch: @escaping @Sendable () async throws(CredentialError) -> AccessToken
    ) async throws(CredentialError) -> AccessToken {
        try await issue(for: request, credentialName: credentialName) { () async throws(CredentialError) -> IdentityIssuedToken in
            IdentityIssuedToken(token: try await fetch(), refreshOn: nil)
        }
    }

    /// Like ``token(for:credentialName:fetch:)``, honouring the provider's refresh hint.
    func issue(
        for request: TokenRequest,
        credentialName: String,
        fetch: @escaping @Sendable () async throws(CredentialError) -> IdentityIssuedToken
    ) async throws(CredentialError) -> AccessToken {
        let key = TokenCacheKey(request)
        let waiterID = state.withLock { $0.makeID() }
        let result: Result<AccessToken, CredentialError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate: Result<AccessToken, CredentialError>? = state.withLock { state in
                    if Task.isCancelled { return .failure(IdentityCancellation.error(credentialName)) }
                    let now = now()
                    var slot = state.slots[key] ?? TokenCacheSlot()
                    if let cached = slot.token, cached.expiresOn > now {
                        let refreshAt = min(slot.refreshOn ?? .distantFuture, cached.expiresOn.addingTimeInterval(-refreshMargin))
                        if now < refreshAt { return .success(cached) }
                        if slot.flight == nil, let failed = slot.lastFailure, now.timeIntervalSince(failed) < retryPause {
                            return .success(cached)
                        }
                    }
                    if slot.flight == nil {
                        let flightID = state.makeID()
                        let task = Task { [self] in
                            let outcome = await withSpan("daibai.azure.identity.token", ofKind: .client) { span in
                                span.attributes["daibai.credential"] = credentialName
                                span.attributes["daibai.scopes"] = request.scopes.joined(separator: " ")
                                let outcome: Result<IdentityIssuedToken, CredentialError>
                                do throws(CredentialError) { outcome = .success(try await fetch()) } catch { outcome = .failure(error) }
                                if case .failure(let error) = outcome {
                                    span.setStatus(SpanStatus(code: .error, message: error.description))
                                }
                                return outcome
                            }
                            finish(key, flightID: flightID, outcome: outcome, credentialName: credentialName, scopes: request.scopes)
                        }
                        slot.flight = TokenCacheFlight(id: flightID, task: task)
                    }
                    slot.flight?.waiters[waiterID] = continuation
                    state.slots[key] = slot
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let removed: CheckedContinuation<Result<AccessToken, CredentialError>, Never>? = state.withLock { state in
                guard var flight = state.slots[key]?.flight, let waiter = flight.waiters.removeValue(forKey: waiterID) else { return nil }
                if flight.waiters.isEmpty {
                    // Nobody waits any more: stop the fetch, and let the next caller start a fresh one.
                    flight.task.cancel()
                    state.slots[key]?.flight = nil
                } else {
                    state.slots[key]?.flight = flight
                }
                return waiter
            }
            removed?.resume(returning: .failure(IdentityCancellation.error(credentialName)))
        }
        return try result.get()
    }

    /// Removes every cached token (an in-flight fetch still completes and is cached).
    public func removeAll() {
        state.withLock { state in
            for key in state.slots.keys {
                state.slots[key]?.token = nil
                state.slots[key]?.refreshOn = nil
                state.slots[key]?.lastFailure = nil
            }
        }
    }

    /// How many callers wait for the fetch in flight for `request` (for tests).
    func waiterCount(for request: TokenRequest) -> Int {
        state.withLock { $0.slots[TokenCacheKey(request)]?.flight?.waiters.count ?? 0 }
    }

    private func finish(
        _ key: TokenCacheKey,
        flightID: UInt64,
        outcome: Result<IdentityIssuedToken, CredentialError>,
        credentialName: String,
        scopes: [String]
    ) {
        let now = now()
        let (waiters, delivered) = state.withLock { state -> ([CheckedContinuation<Result<AccessToken, CredentialError>, Never>], Result<AccessToken, CredentialError>) in
            guard var slot = state.slots[key], let flight = slot.flight, flight.id == flightID else {
                return ([], outcome.map(\.token))
            }
            slot.flight = nil
            let delivered: Result<AccessToken, CredentialError>
            switch outcome {
            case .success(let issued):
                slot.token = issued.token
                slot.refreshOn = issued.refreshOn
                slot.lastFailure = nil
                delivered = .success(issued.token)
            case .failure(let error):
                if let cached = slot.token, cached.expiresOn > now {
                    slot.lastFailure = now
                    delivered = .success(cached)
                } else {
                    delivered = .failure(error)
                }
            }
            state.slots[key] = slot
            return (Array(flight.waiters.values), delivered)
        }
        switch outcome {
        case .success(let issued):
            logger.debug(
                "Acquired an access token",
                metadata: [
                    "credential": "\(credentialName)", "scopes": "\(scopes.joined(separator: " "))",
                    "expires_on": "\(issued.token.expiresOn)",
                ]
            )
        case .failure(let error):
            logger.debug("Token acquisition failed", metadata: ["credential": "\(credentialName)", "error": "\(error)"])
        }
        for waiter in waiters { waiter.resume(returning: delivered) }
    }
}

/// What a ``TokenCache`` keys on: the scopes (order ignored) and the tenant.
struct TokenCacheKey: Hashable, Sendable {
    var scopes: [String]
    var tenantID: String?

    init(_ request: TokenRequest) {
        scopes = request.scopes.sorted()
        tenantID = request.tenantID
    }
}

/// The state of one key of a ``TokenCache``.
struct TokenCacheSlot: Sendable {
    var token: AccessToken?
    var refreshOn: Date?
    var lastFailure: Date?
    var flight: TokenCacheFlight?
}

/// The fetch in flight for one key and the callers waiting for it.
struct TokenCacheFlight: Sendable {
    var id: UInt64
    var task: Task<Void, Never>
    var waiters: [UInt64: CheckedContinuation<Result<AccessToken, CredentialError>, Never>] = [:]
}

/// Everything a ``TokenCache`` holds, guarded by its mutex.
struct TokenCacheState: Sendable {
    var slots: [TokenCacheKey: TokenCacheSlot] = [:]
    var nextID: UInt64 = 0

    mutating func makeID() -> UInt64 {
        nextID &+= 1
        return nextID
    }
}

extension TokenCache {
    typealias State = TokenCacheState
}
