import DaiBaiCore
import Synchronization

/// A per-process fixed-window limiter: at most `limit` requests per tenant per `window`.
/// Right for one instance; several instances share a ``RedisRateLimiter`` instead.
public final class InMemoryRateLimiter: RequestRateLimiter {
    private struct Window { var start: ContinuousClock.Instant; var count: Int }
    private let limit: Int
    private let window: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let windows = Mutex<[TenantID: Window]>([:])

    /// Creates a limiter of `limit` requests per `window` (one minute by default).
    public init(limit: Int, window: Duration = .seconds(60), now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.limit = limit
        self.window = window
        self.now = now
    }

    /// Counts the request in the tenant's current window; throws 429 over the limit.
    public func acquire(tenant: TenantID) async throws {
        let now = self.now()
        let limit = self.limit
        let window = self.window
        let refusedFor: Int? = windows.withLock { windows in
            var current = windows[tenant].flatMap { now - $0.start < window ? $0 : nil } ?? Window(start: now, count: 0)
            guard current.count < limit else {
                let remaining = window - (now - current.start)
                let parts = remaining.components
                return Int(parts.seconds) + (parts.attoseconds > 0 ? 1 : 0)
            }
            current.count += 1
            windows[tenant] = current
            return nil
        }
        if let refusedFor { throw ServerError.rateLimited(retryAfterSeconds: max(1, refusedFor)) }
    }
}
