import DaiBaiCore
import DaiBaiRedis
import DaiBaiTestSupport
import Foundation
import Testing

/// The redis-server that `scripts/test` starts for the suite.
///
/// `scripts/test` exports `DAIBAI_TEST_REDIS_URL`, `DAIBAI_TEST_REDIS_PASSWORD` (the server
/// runs with `requirepass`, so every connection exercises `AUTH`) and
/// `DAIBAI_TEST_REQUIRE_REDIS=1`, so that a missing server fails the run instead of skipping.
/// A plain `swift test` without the server skips these tests.
enum TestRedis {
    static var url: String? { ProcessInfo.processInfo.environment["DAIBAI_TEST_REDIS_URL"] }
    static var password: String? { ProcessInfo.processInfo.environment["DAIBAI_TEST_REDIS_PASSWORD"] }
    static var isRequired: Bool { ProcessInfo.processInfo.environment["DAIBAI_TEST_REQUIRE_REDIS"] == "1" }
    static var isAvailable: Bool { url != nil || isRequired }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "DAIBAI_TEST_REQUIRE_REDIS=1 but DAIBAI_TEST_REDIS_URL is not set: scripts/test did not start redis-server" }
    }

    /// The test server's configuration with generous timeouts.
    static func configuration(poolSize: Int = 8, password: SecretValue?? = nil) throws -> RedisConfiguration {
        guard let url else { throw Missing() }
        let secret: SecretValue? = password ?? Self.password.map(SecretValue.init)
        return try RedisConfiguration(url: url, password: secret, poolSize: poolSize, connectTimeout: TestPatience.generous, commandTimeout: TestPatience.generous)
    }

    /// Runs `body` with a client of the test server, shut down afterwards.
    static func withClient<T>(poolSize: Int = 8, _ body: (RedisClient) async throws -> T) async throws -> T {
        let client = RedisClient(configuration: try configuration(poolSize: poolSize))
        do {
            let value = try await body(client)
            await client.shutdown()
            return value
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// A key prefix no other test uses, so that tests share one database in parallel.
    static func freshPrefix() -> String { "test-\(UUID().uuidString.lowercased())" }
}
