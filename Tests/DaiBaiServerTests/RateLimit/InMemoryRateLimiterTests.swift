import DaiBaiCore
import DaiBaiServer
import DaiBaiTestSupport
import Synchronization
import Testing

@Suite("InMemoryRateLimiter")
struct InMemoryRateLimiterTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let offset = Mutex<Duration>(.zero)
        let origin = ContinuousClock.now
        func advance(_ duration: Duration) { offset.withLock { $0 += duration } }
        var now: ContinuousClock.Instant { origin + offset.withLock { $0 } }
    }

    let acme = TestContexts.tenantA
    let globex = TestContexts.tenantB

    @Test("the request after the limit is refused with 429 and Retry-After until the window ends")
    func refusesOverLimit() async throws {
        let clock = ManualClock()
        let limiter = InMemoryRateLimiter(limit: 3, window: .seconds(60), now: { clock.now })
        for _ in 0..<3 { try await limiter.acquire(tenant: acme) }
        clock.advance(.seconds(20))
        let error = await #expect(throws: ServerError.self) { try await limiter.acquire(tenant: acme) }
        #expect(error?.status == .tooManyRequests)
        #expect(error?.code == "rate_limited")
        #expect(error?.headers[.retryAfter] == "40")
        clock.advance(.seconds(40))
        try await limiter.acquire(tenant: acme)
    }

    @Test("tenants are counted apart")
    func tenantsApart() async throws {
        let clock = ManualClock()
        let limiter = InMemoryRateLimiter(limit: 1, window: .seconds(60), now: { clock.now })
        try await limiter.acquire(tenant: acme)
        try await limiter.acquire(tenant: globex)
        await #expect(throws: ServerError.self) { try await limiter.acquire(tenant: acme) }
        await #expect(throws: ServerError.self) { try await limiter.acquire(tenant: globex) }
    }

    @Test("concurrent requests never exceed the limit")
    func concurrent() async throws {
        let limiter = InMemoryRateLimiter(limit: 25, window: .seconds(3600))
        let accepted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<100 {
                group.addTask { (try? await limiter.acquire(tenant: acme)) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(accepted == 25)
    }
}
