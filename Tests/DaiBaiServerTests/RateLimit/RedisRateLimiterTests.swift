import DaiBaiCore
import DaiBaiRedis
import DaiBaiServer
import DaiBaiTestSupport
import Foundation
import Synchronization
import Testing

/// The Redis-backed limiter against the redis-server `scripts/test` starts: two limiters
/// (two server instances) over two clients share one count per tenant.
@Suite("RedisRateLimiter", .enabled(if: ProcessInfo.processInfo.environment["DAIBAI_TEST_REDIS_URL"] != nil
    || ProcessInfo.processInfo.environment["DAIBAI_TEST_REQUIRE_REDIS"] == "1"))
struct RedisRateLimiterTests {
    func client() throws -> RedisClient {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["DAIBAI_TEST_REDIS_URL"] else {
            throw TestRedisMissing()
        }
        let configuration = try RedisConfiguration(
            url: url, password: environment["DAIBAI_TEST_REDIS_PASSWORD"].map(SecretValue.init),
            connectTimeout: TestPatience.generous, commandTimeout: TestPatience.generous)
        return RedisClient(configuration: configuration)
    }

    struct TestRedisMissing: Error, CustomStringConvertible {
        var description: String { "DAIBAI_TEST_REQUIRE_REDIS=1 but DAIBAI_TEST_REDIS_URL is not set" }
    }

    /// A wall clock the test sets by hand, so that windows never roll over mid-test however
    /// slow the machine is.
    final class ManualWallClock: Sendable {
        private let seconds = Mutex<Double>(1_900_000_040)
        func advance(by delta: Double) { seconds.withLock { $0 += delta } }
        var now: Date { Date(timeIntervalSince1970: seconds.withLock { $0 }) }
    }

    @Test("two instances share one count: the request after the limit is refused on either, with Retry-After")
    func sharedAcrossInstances() async throws {
        let first = try client()
        let second = try client()
        let clock = ManualWallClock()
        let prefix = "test-\(UUID().uuidString.lowercased())"
        let a = RedisRateLimiter(client: first, limit: 4, window: .seconds(60), keyPrefix: prefix, now: { clock.now })
        let b = RedisRateLimiter(client: second, limit: 4, window: .seconds(60), keyPrefix: prefix, now: { clock.now })
        var refused: [ServerError] = []
        for index in 0..<6 {
            do {
                try await (index.isMultiple(of: 2) ? a : b).acquire(tenant: TestContexts.tenantA)
            } catch let error as ServerError {
                refused.append(error)
            }
        }
        try await b.acquire(tenant: TestContexts.tenantB)
        await first.shutdown()
        await second.shutdown()
        #expect(refused.count == 2)
        #expect(refused.allSatisfy { $0.status == .tooManyRequests && $0.code == "rate_limited" })
        // The clock stands 20 s into its minute: the window ends in 40 s.
        #expect(refused.first.flatMap { $0.headers[.retryAfter] } == "40")
    }

    @Test("the window expires: a tenant refused in one window is accepted in the next")
    func windowExpires() async throws {
        let redis = try client()
        let clock = ManualWallClock()
        let limiter = RedisRateLimiter(client: redis, limit: 1, window: .seconds(60), keyPrefix: "test-\(UUID().uuidString.lowercased())", now: { clock.now })
        try await limiter.acquire(tenant: TestContexts.tenantA)
        await #expect(throws: ServerError.self) { try await limiter.acquire(tenant: TestContexts.tenantA) }
        clock.advance(by: 60)
        try await limiter.acquire(tenant: TestContexts.tenantA)
        await redis.shutdown()
    }
}
