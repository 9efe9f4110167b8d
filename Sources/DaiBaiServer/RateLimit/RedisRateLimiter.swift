import DaiBaiCore
import DaiBaiRedis
import Foundation

/// A fixed-window limiter kept in Redis (`INCR` + `PEXPIRE … NX` per tenant per window), so
/// every instance of the server shares one count per tenant.
public struct RedisRateLimiter: RequestRateLimiter {
    private let client: RedisClient
    private let limit: Int
    private let windowMilliseconds: Int64
    private let keyPrefix: String
    private let now: @Sendable () -> Date

    /// Creates a limiter of `limit` requests per `window` with keys under `keyPrefix`.
    public init(client: RedisClient, limit: Int, window: Duration = .seconds(60), keyPrefix: String = "daibai", now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.limit = limit
        self.windowMilliseconds = max(1, window.components.seconds * 1000 + window.components.attoseconds / 1_000_000_000_000_000)
        self.keyPrefix = keyPrefix
        self.now = now
    }

    /// Counts the request in Redis.
    public func acquire(tenant: TenantID) async throws {
        let millis = Int64(now().timeIntervalSince1970 * 1000)
        let window = millis / windowMilliseconds
        let key = "\(keyPrefix):ratelimit:\(tenant.rawValue):\(window)"
        let reply = try await client.send(["INCR", key])
        guard case .integer(let count) = reply else { throw RedisError.protocolError("INCR answered \(reply)") }
        _ = try await client.send(["PEXPIRE", key, String(windowMilliseconds), "NX"])
        guard count <= limit else {
            let remaining = (window + 1) * windowMilliseconds - millis
            throw ServerError.rateLimited(retryAfterSeconds: Int(max(1, (remaining + 999) / 1000)))
        }
    }
}
