import DaiBaiCore
import DaiBaiRedis
import DaiBaiServer
import DaiBaiTestSupport
import Foundation
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

    @Test("two instances share one count: the request after the limit is refused on either, with Retry-After")
    func sharedAcrossInstances() async throws {
        let first = try client()
        let second = try client()
        let prefix = "test-\(UUID().uuidString.lowercased())"
        let a = RedisRateLimiter(client: first, limit: 4, window: .seconds(60), keyPrefix: prefix)
        let b = RedisRateLimiter(client: second, limit: 4, window: .seconds(60), keyPrefix: prefix)
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
        let retryAfter = refused.first.flatMap { $0.headers[.retryAfter] }.flatMap(Int.init)
        #expect(retryAfter.map { (1...60).contains($0) } == true)
    }

    @Test("the window expires: a tenant refused in one window is accepted in the next")
    func windowExpires() async throws {
        let redis = try client()
        let limiter = RedisRateLimiter(client: redis, limit: 1, window: .seconds(1), keyPrefix: "test-\(UUID().uuidString.lowercased())")
        // Windows are aligned to the clock: a slow machine may cross a boundary between two
        // calls, so ask until one is refused (it must happen within a few tries).
        var refusedAfter: Int?
        for attempt in 1...20 where refusedAfter == nil {
            do {
                try await limiter.acquire(tenant: TestContexts.tenantA)
            } catch let error as ServerError {
                #expect(error.status == .tooManyRequests)
                refusedAfter = attempt
            }
        }
        #expect(refusedAfter != nil)
        try await Task.sleep(for: .milliseconds(1100))
        try await limiter.acquire(tenant: TestContexts.tenantA)
        await redis.shutdown()
    }
}
