import DaiBaiCore
import DaiBaiRedis
import Testing

@Suite("Redis configuration")
struct RedisConfigurationTests {
    @Test("host, port, database, user and password are parsed; defaults are 6379 and 0")
    func parses() throws {
        let plain = try RedisConfiguration(url: "redis://cache.internal")
        #expect(plain.host == "cache.internal")
        #expect(plain.port == 6379)
        #expect(plain.database == 0)
        #expect(plain.username == nil)
        #expect(plain.password == nil)
        #expect(plain.poolSize == 8)
        #expect(plain.connectTimeout == .seconds(10))
        #expect(plain.commandTimeout == .seconds(10))

        let full = try RedisConfiguration(url: "redis://app:p%40ss:w0rd@10.0.0.5:6380/3")
        #expect(full.host == "10.0.0.5")
        #expect(full.port == 6380)
        #expect(full.database == 3)
        #expect(full.username == "app")
        #expect(full.password?.revealed() == "p@ss:w0rd")

        let passwordOnly = try RedisConfiguration(url: "redis://:s3cret@localhost/1")
        #expect(passwordOnly.username == nil)
        #expect(passwordOnly.password?.revealed() == "s3cret")
        #expect(passwordOnly.database == 1)

        let explicit = try RedisConfiguration(url: "redis://:fromurl@localhost", password: SecretValue("given"))
        #expect(explicit.password?.revealed() == "given")
    }

    @Test("the password never appears in the description or in errors")
    func passwordHidden() throws {
        let configuration = try RedisConfiguration(url: "redis://user:topsecret@host:1/2")
        #expect(!configuration.description.contains("topsecret"))
        #expect(configuration.description.contains("host:1/2"))
        #expect(configuration.description.contains("password set"))
        do {
            _ = try RedisConfiguration(url: "redis://user:topsecret@host:1/notanumber")
            Issue.record("a non-numeric database was accepted")
        } catch {
            #expect(!error.description.contains("topsecret"))
        }
    }

    @Test("rediss:// is rejected as not supported yet")
    func tls() {
        #expect(throws: RedisError.tlsNotSupported) { _ = try RedisConfiguration(url: "rediss://:key@name.redis.cache.windows.net:6380") }
        #expect(RedisError.tlsNotSupported.description.contains("not supported yet"))
    }

    @Test("bad URLs and bounds are rejected with typed errors", arguments: [
        "http://host", "redis://", "redis://host:0", "redis://host/-1", "redis://host/a/b", "redis://host?db=1",
    ])
    func rejects(url: String) {
        #expect(throws: RedisError.self) { _ = try RedisConfiguration(url: url) }
    }

    @Test("a pool size below 1 and non-positive timeouts are rejected")
    func bounds() {
        #expect(throws: RedisError.self) { _ = try RedisConfiguration(url: "redis://h", poolSize: 0) }
        #expect(throws: RedisError.self) { _ = try RedisConfiguration(url: "redis://h", commandTimeout: .zero) }
    }
}
