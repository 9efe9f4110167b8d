import DaiBaiCore
import DaiBaiRedis
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Redis bootstrap")
struct RedisBootstrapTests {
    func reader(_ environment: [String: String]) throws -> ConfigReaderBox {
        ConfigReaderBox(loaded: try ConfigurationLoader.load(.init(searchPaths: [], dotEnvFile: nil, environment: environment)))
    }

    @Test("settings come from REDIS_* variables, with defaults")
    func settings() throws {
        let defaults = try RedisSettings(config: reader(["REDIS_URL": "redis://cache:6390/2"]).loaded.reader)
        #expect(defaults.configuration.host == "cache")
        #expect(defaults.configuration.port == 6390)
        #expect(defaults.configuration.database == 2)
        #expect(defaults.configuration.poolSize == 8)
        #expect(defaults.configuration.password == nil)
        #expect(defaults.keyPrefix == "daibai")
        let custom = try RedisSettings(config: reader([
            "REDIS_URL": "redis://cache", "REDIS_PASSWORD": "pw-from-config", "REDIS_POOL_SIZE": "3",
            "REDIS_COMMAND_TIMEOUT_SECONDS": "4", "REDIS_CONNECT_TIMEOUT_SECONDS": "5", "REDIS_NAMESPACE": "acme",
        ]).loaded.reader)
        #expect(custom.configuration.password?.revealed() == "pw-from-config")
        #expect(custom.configuration.poolSize == 3)
        #expect(custom.configuration.commandTimeout == .seconds(4))
        #expect(custom.configuration.connectTimeout == .seconds(5))
        #expect(custom.keyPrefix == "acme")
    }

    @Test("chat.backend=redis without REDIS_URL fails naming redis.url")
    func missingURL() async throws {
        var registry = ComponentRegistry.localDefaults()
        registry.registerRedis()
        try await withTemporaryDirectory { dir in
            let config = try reader(["CHAT_BACKEND": "redis", "STORAGE_DIRECTORY": dir.path]).loaded.reader
            do throws(BootstrapError) {
                _ = try await DaiBaiStack.bootstrap(config: config, registry: registry)
                Issue.record("bootstrap succeeded without REDIS_URL")
            } catch {
                guard case .configuration(.missingSetting(let key, let hint)) = error else {
                    Issue.record("expected a missing setting, got \(error)")
                    return
                }
                #expect(key == "redis.url")
                #expect(hint.contains("REDIS_URL"))
            }
        }
    }

    @Test("rediss:// in REDIS_URL is an invalid setting saying TLS is not supported yet, without the password")
    func tlsURL() throws {
        let config = try reader(["REDIS_URL": "rediss://:hunter2@x.redis.cache.windows.net:6380"]).loaded.reader
        do throws(ConfigurationError) {
            _ = try RedisSettings(config: config)
            Issue.record("rediss:// was accepted")
        } catch {
            #expect(error.description.contains("not supported yet"))
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test("chat.backend=redis builds a RedisChatStore on the configured server", .enabled(if: TestRedis.isAvailable, "needs DAIBAI_TEST_REDIS_URL"))
    func bootstrapsRedisChat() async throws {
        let url = try #require(TestRedis.url)
        var registry = ComponentRegistry.localDefaults()
        registry.registerRedis()
        let prefix = TestRedis.freshPrefix()
        try await withTemporaryDirectory { dir in
            let config = try reader([
                "CHAT_BACKEND": "redis", "STORAGE_DIRECTORY": dir.path, "REDIS_URL": url,
                "REDIS_PASSWORD": TestRedis.password ?? "", "REDIS_NAMESPACE": prefix,
                "REDIS_COMMAND_TIMEOUT_SECONDS": "300", "REDIS_CONNECT_TIMEOUT_SECONDS": "300",
            ]).loaded.reader
            let stack = try await DaiBaiStack.bootstrap(config: config, registry: registry)
            let store = try #require(stack.chats as? RedisChatStore)
            _ = try await store.createConversation(id: "boot", title: "from bootstrap", databaseName: nil, context: .local)
            #expect(try await store.client.hgetall("\(prefix):t:local:conversation:boot")["title"] == "from bootstrap")
            #expect(try await store.conversation(id: "boot", context: .local)?.title == "from bootstrap")
            await store.client.shutdown()
        }
    }

    @Test("makeClient takes the password from the secret store's redis-password", .enabled(if: TestRedis.isAvailable, "needs DAIBAI_TEST_REDIS_URL"))
    func passwordFromSecretStore() async throws {
        let url = try #require(TestRedis.url)
        let password = try #require(TestRedis.password)
        let config = try reader([
            "REDIS_URL": url, "REDIS_PASSWORD": "a-wrong-password-in-config",
            "REDIS_COMMAND_TIMEOUT_SECONDS": "300", "REDIS_CONNECT_TIMEOUT_SECONDS": "300",
        ]).loaded.reader
        let secrets = EnvironmentSecretStore(
            environment: [RedisSettings.passwordSecretName: password],
            filter: EnvironmentSecretFilter(names: [secretName(RedisSettings.passwordSecretName)]))
        let client = try await RedisSettings.makeClient(config: config, secrets: secrets)
        try await client.ping()
        await client.shutdown()

        let withoutSecret = try await RedisSettings.makeClient(config: config, secrets: EnvironmentSecretStore(environment: [:]))
        await #expect(throws: RedisError.self) { try await withoutSecret.ping() }
        await withoutSecret.shutdown()
    }
}

/// Keeps the loaded configuration without naming swift-configuration's types here.
struct ConfigReaderBox {
    var loaded: ConfigurationLoader.Loaded
}
