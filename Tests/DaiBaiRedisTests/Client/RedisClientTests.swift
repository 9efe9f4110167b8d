import DaiBaiCore
import DaiBaiRedis
import DaiBaiTestSupport
import Foundation
import Testing

/// The client against the real redis-server of `scripts/test` (with `requirepass`).
@Suite("Redis client", .enabled(if: TestRedis.isAvailable, "needs DAIBAI_TEST_REDIS_URL (scripts/test starts redis-server)"), .timeLimit(.minutes(10)))
struct RedisClientTests {
    @Test("commands round-trip through AUTH'd connections")
    func commands() async throws {
        try await TestRedis.withClient { client in
            let key = TestRedis.freshPrefix()
            try await client.ping()
            #expect(try await client.get(key) == nil)
            #expect(try await client.set(key, value: "héllo"))
            #expect(try await client.get(key) == "héllo")
            #expect(try await client.set(key, value: "other", onlyIfAbsent: true) == false)
            #expect(try await client.get(key) == "héllo")
            #expect(try await client.set(key + ":px", value: "v", expiresIn: .seconds(600)))
            let ttl = try await client.send(["PTTL", key + ":px"]).integer ?? -1
            #expect(ttl > 0 && ttl <= 600_000)
            #expect(try await client.incr(key + ":n") == 1)
            #expect(try await client.incr(key + ":n") == 2)
            #expect(try await client.pexpire(key + ":n", after: .seconds(60)))
            #expect(try await client.pexpire(key + ":missing", after: .seconds(60)) == false)
            #expect(try await client.hset(key + ":h", fields: [("a", "1"), ("b", "2")]) == 2)
            #expect(try await client.hgetall(key + ":h") == ["a": "1", "b": "2"])
            #expect(try await client.zadd(key + ":z", score: 1, member: "low") == 1)
            #expect(try await client.zadd(key + ":z", score: 5, member: "high") == 1)
            #expect(try await client.zrevrange(key + ":z", start: 0, stop: -1) == ["high", "low"])
            let script = try await client.eval("return {KEYS[1], ARGV[1], tonumber(ARGV[2]) + 1}", keys: [key], arguments: ["x", "41"])
            #expect(script == .array([.bulkString(Array(key.utf8)), .bulkString(Array("x".utf8)), .integer(42)]))
            #expect(try await client.del([key, key + ":px", key + ":n", key + ":h", key + ":z"]) == 5)
        }
    }

    @Test("binary values with NUL, CR, LF and every byte round-trip exactly")
    func binarySafe() async throws {
        try await TestRedis.withClient { client in
            let key = TestRedis.freshPrefix()
            let value: [UInt8] = (0...255).map { UInt8($0) } + [13, 10, 0, 13, 10] + [UInt8](repeating: 0xFF, count: 100_000)
            #expect(try await client.set(key, bytes: value))
            #expect(try await client.getBytes(key) == value)
            let viaBuffers = try await client.send(buffers: [.init(string: "GET"), .init(string: key)])
            #expect(viaBuffers == .bulkString(value))
            #expect(try await client.del([key]) == 1)
        }
    }

    @Test("an error reply becomes RedisError.server with Redis's message and leaves the client usable")
    func serverError() async throws {
        try await TestRedis.withClient(poolSize: 1) { client in
            let key = TestRedis.freshPrefix()
            _ = try await client.set(key, value: "text")
            await #expect(throws: RedisError.server("ERR value is not an integer or out of range")) {
                _ = try await client.incr(key)
            }
            try await client.ping()
            _ = try await client.del([key])
        }
    }

    @Test("a wrong password fails with authenticationFailed that does not contain the password")
    func wrongPassword() async throws {
        let wrong = "not-the-password-\(UUID().uuidString)"
        let logs = LogCapture()
        let client = RedisClient(configuration: try TestRedis.configuration(password: .some(SecretValue(wrong))), logger: logs.logger())
        defer { Task { await client.shutdown() } }
        do {
            try await client.ping()
            Issue.record("PING succeeded with a wrong password")
        } catch {
            guard case .authenticationFailed(let message) = error else {
                Issue.record("expected authenticationFailed, got \(error)")
                return
            }
            #expect(message.contains("WRONGPASS") || message.contains("invalid"))
            #expect(!error.description.contains(wrong))
            #expect(!"\(error)".contains(wrong))
        }
        #expect(!client.configuration.description.contains(wrong))
        #expect(logs.text.contains("Redis command failed"))
        #expect(!logs.text.contains(wrong))
    }

    @Test("a command to a server that never answers times out, and the connection is not reused")
    func commandTimeout() async throws {
        let silent = try ReservedLoopbackPort(.silent)
        defer { silent.close() }
        let configuration = try RedisConfiguration(
            url: "redis://127.0.0.1:\(silent.port)", poolSize: 1,
            connectTimeout: TestPatience.generous, commandTimeout: TestPatience.short)
        let client = RedisClient(configuration: configuration)
        await #expect(throws: RedisError.timeout(operation: "PING", after: TestPatience.short)) {
            try await client.ping()
        }
        #expect(await waitUntil { client.openConnectionCount == 0 })
        await #expect(throws: RedisError.timeout(operation: "GET", after: TestPatience.short)) {
            _ = try await client.get("k")
        }
        await client.shutdown()
    }

    @Test("a refused connection fails with connectionFailed")
    func refused() async throws {
        let refusing = try ReservedLoopbackPort(.refusing)
        defer { refusing.close() }
        let client = RedisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:\(refusing.port)", connectTimeout: TestPatience.generous))
        do {
            try await client.ping()
            Issue.record("PING to a refusing port succeeded")
        } catch {
            guard case .connectionFailed(let address, _) = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(address == "127.0.0.1:\(refusing.port)")
        }
        await client.shutdown()
    }

    @Test("50 concurrent commands never use more connections than the pool allows")
    func poolBound() async throws {
        try await TestRedis.withClient(poolSize: 3) { client in
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        // CLIENT ID names the server-side connection that carried the command.
                        let reply = try await client.send(["CLIENT", "ID"])
                        #expect(client.openConnectionCount <= 3)
                        return reply.integer ?? -1
                    }
                }
                var ids: [Int64] = []
                for try await id in group { ids.append(id) }
                return ids
            }
            #expect(ids.count == 50)
            #expect(!ids.contains(-1))
            #expect(Set(ids).count <= 3)
            #expect(client.openConnectionCount <= 3)
        }
    }

    @Test("a connection killed by CLIENT KILL is replaced by a new one")
    func killedConnectionReplaced() async throws {
        try await TestRedis.withClient(poolSize: 1) { client in
            let first = try #require(try await client.send(["CLIENT", "ID"]).integer)
            let killed = try await TestRedis.withClient { admin in
                try await admin.send(["CLIENT", "KILL", "ID", "\(first)"])
            }
            #expect(killed == .integer(1))
            #expect(await waitUntil { client.openConnectionCount == 0 })
            let second = try #require(try await client.send(["CLIENT", "ID"]).integer)
            #expect(second != first)
            try await client.ping()
        }
    }

    @Test("a cancelled caller waiting for a connection leaves the queue")
    func cancelledWaiter() async throws {
        try await TestRedis.withClient(poolSize: 1) { client in
            let list = TestRedis.freshPrefix()
            let blocker = Task { try await client.send(["BLPOP", list, "0"]) }
            #expect(await waitUntil { client.openConnectionCount == 1 })
            let waiter = Task { try await client.send(["PING"]) }
            #expect(await waitUntil { client.waitingCallerCount == 1 })
            waiter.cancel()
            await #expect(throws: RedisError.cancelled) { _ = try await waiter.value }
            #expect(client.waitingCallerCount == 0)
            try await TestRedis.withClient { other in
                _ = try await other.send(["RPUSH", list, "wake"])
            }
            let popped = try await blocker.value
            #expect(popped == .array([.bulkString(Array(list.utf8)), .bulkString(Array("wake".utf8))]))
            try await client.ping()
        }
    }

    @Test("cancelling a command in flight closes its connection, which is not reused")
    func cancelledInFlight() async throws {
        try await TestRedis.withClient(poolSize: 1) { client in
            let firstID = try #require(try await client.send(["CLIENT", "ID"]).integer)
            let blocked = Task { try await client.send(["BLPOP", TestRedis.freshPrefix(), "0"]) }
            #expect(await waitUntil { client.waitingCallerCount == 0 && client.openConnectionCount == 1 })
            // The BLPOP holds the only connection once the server lists it as blocked.
            let listed = try await TestRedis.withClient { admin in
                let deadline = ContinuousClock.now.advanced(by: TestPatience.safetyNet)
                while ContinuousClock.now < deadline {
                    let info = try await admin.send(["CLIENT", "LIST", "ID", "\(firstID)"]).string ?? ""
                    if info.contains("cmd=blpop") { return true }
                    try await Task.sleep(for: .milliseconds(5))
                }
                return false
            }
            #expect(listed)
            blocked.cancel()
            await #expect(throws: RedisError.cancelled) { _ = try await blocked.value }
            #expect(client.openConnectionCount == 0)
            let secondID = try #require(try await client.send(["CLIENT", "ID"]).integer)
            #expect(secondID != firstID)
        }
    }

    @Test("after shutdown every call throws poolClosed")
    func shutdown() async throws {
        let client = RedisClient(configuration: try TestRedis.configuration())
        try await client.ping()
        await client.shutdown()
        await #expect(throws: RedisError.poolClosed) { try await client.ping() }
    }
}
