import DaiBaiCore
import Synchronization

/// A short-lived cache of secret values per tenant and vault name, with single-flight loads:
/// concurrent reads of the same secret share one request.
///
/// Only found values are cached, for ``ttl`` measured on the injected clock. Writes and deletes
/// invalidate the entry (a load in flight while that happens is shared with its waiters but
/// not cached). A waiter that is cancelled stops waiting; when the task doing the load is
/// cancelled, a waiter takes over and loads itself.
final class KeyVaultSecretCache: Sendable {
    /// A cache key: the tenant and the vault name (lowercased, as the vault ignores case).
    struct Key: Hashable, Sendable {
        let tenant: TenantID
        let vaultName: String

        init(tenant: TenantID, vaultName: String) {
            self.tenant = tenant
            self.vaultName = vaultName.lowercased()
        }
    }

    private enum Outcome: Sendable {
        case loaded(Result<SecretValue?, SecretStoreError>)
        case retry
        case cancelled
    }

    private struct Loading {
        var id: UInt64
        var stale = false
        var waiters: [UInt64: CheckedContinuation<Outcome, Never>] = [:]
    }

    private enum Slot {
        case value(SecretValue, expires: ContinuousClock.Instant)
        case loading(Loading)
    }

    private struct State {
        var slots: [Key: Slot] = [:]
        var nextID: UInt64 = 0
    }

    private enum Step {
        case hit(SecretValue)
        case lead(UInt64)
        case wait(UInt64)
    }

    /// How long a value stays cached; zero disables caching (loads are still shared).
    let ttl: Duration
    /// The clock the TTL is measured on.
    let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State())

    init(ttl: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.ttl = max(.zero, ttl)
        self.now = now
    }

    /// The cached value for `key`, or the result of `load` (shared with concurrent callers).
    /// `cancelled()` is thrown when the caller is cancelled while waiting for another's load.
    func value(
        for key: Key,
        cancelled: () -> SecretStoreError,
        load: () async throws(SecretStoreError) -> SecretValue?
    ) async throws(SecretStoreError) -> SecretValue? {
        while true {
            let instant = now()
            let step: Step = state.withLock { state in
                state.nextID += 1
                let id = state.nextID
                switch state.slots[key] {
                case .value(let value, let expires) where instant < expires:
                    return .hit(value)
                case .loading:
                    return .wait(id)
                default:
                    state.slots[key] = .loading(Loading(id: id))
                    return .lead(id)
                }
            }
            switch step {
            case .hit(let value):
                return value
            case .lead(let id):
                return try await lead(key: key, id: id, load: load)
            case .wait(let id):
                switch await wait(key: key, waiterID: id) {
                case .loaded(let result): return try result.get()
                case .retry: continue
                case .cancelled: throw cancelled()
                }
            }
        }
    }

    /// Forgets `key`; a load in flight finishes for its waiters but is not cached.
    func invalidate(_ key: Key) {
        state.withLock { state in
            switch state.slots[key] {
            case .value: state.slots[key] = nil
            case .loading(var loading):
                loading.stale = true
                state.slots[key] = .loading(loading)
            case nil: break
            }
        }
    }

    /// How many callers are waiting for the load of `key` in flight (for tests).
    func waiterCount(for key: Key) -> Int {
        state.withLock { state in
            guard case .loading(let loading) = state.slots[key] else { return 0 }
            return loading.waiters.count
        }
    }

    private func lead(
        key: Key, id: UInt64, load: () async throws(SecretStoreError) -> SecretValue?
    ) async throws(SecretStoreError) -> SecretValue? {
        let result: Result<SecretValue?, SecretStoreError>
        do throws(SecretStoreError) {
            result = .success(try await load())
        } catch {
            result = .failure(error)
        }
        let leaderCancelled = Task.isCancelled
        let expires = now().advanced(by: ttl)
        let waiters: [CheckedContinuation<Outcome, Never>] = state.withLock { state in
            guard case .loading(let loading) = state.slots[key], loading.id == id else { return [] }
            if case .success(let value?) = result, !loading.stale, ttl > .zero {
                state.slots[key] = .value(value, expires: expires)
            } else {
                state.slots[key] = nil
            }
            return Array(loading.waiters.values)
        }
        let outcome: Outcome
        if case .failure = result, leaderCancelled {
            outcome = .retry
        } else {
            outcome = .loaded(result)
        }
        for waiter in waiters { waiter.resume(returning: outcome) }
        return try result.get()
    }

    private func wait(key: Key, waiterID: UInt64) async -> Outcome {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                let immediate: Outcome? = state.withLock { state in
                    if Task.isCancelled { return .cancelled }
                    guard case .loading(var loading) = state.slots[key] else { return .retry }
                    loading.waiters[waiterID] = continuation
                    state.slots[key] = .loading(loading)
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Outcome, Never>? = state.withLock { state in
                guard case .loading(var loading) = state.slots[key],
                      let continuation = loading.waiters.removeValue(forKey: waiterID)
                else { return nil }
                state.slots[key] = .loading(loading)
                return continuation
            }
            continuation?.resume(returning: .cancelled)
        }
    }
}
