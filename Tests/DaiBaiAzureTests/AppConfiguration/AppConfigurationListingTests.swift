import Configuration
import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

/// Loading key-values from a store that verifies every request's HMAC signature.
@Suite struct AppConfigurationListingTests {
    typealias Support = AppConfigurationTestSupport
    typealias Item = AppConfigurationFakeStore.Item

    @Test func loadsKeyValuesAndMapsKeysToConfigurationKeys() async throws {
        let store = AppConfigurationFakeStore(items: [
            Item(key: "DaiBai:llm:default", value: "openai"),
            Item(key: "DaiBai:llm:providers:openai:max_tokens", value: "512"),
            Item(key: "DaiBai:databases.music.ssl", value: "yes"),
            Item(key: "DaiBai:agent:temperatures", value: "0.1, 0.5"),
            Item(key: "Shared:region", value: "westeurope"),
            Item(key: "DaiBai:llm:default", label: "staging", value: "ollama"),
        ])
        try await Support.withStore(store) { server in
            let provider = try await Support.provider(store, server)
            let config = ConfigReader(provider: provider)
            #expect(config.string(forKey: "llm.default") == "openai")
            #expect(config.int(forKey: "llm.providers.openai.max_tokens") == 512)
            #expect(config.bool(forKey: "databases.music.ssl") == true)
            #expect(config.doubleArray(forKey: "agent.temperatures") == [0.1, 0.5])
            // A key without the prefix is kept whole.
            #expect(config.string(forKey: "Shared.region") == "westeurope")
            #expect(provider.currentSnapshot.count == 5)
            #expect("\(provider)" == "AppConfigurationProvider[\(server.baseURL), 5 keys]")
            // Every request was accepted by the store's signature check and asked for a kvset.
            #expect(server.requests.count == 1)
            let request = try #require(server.requests.first)
            #expect(request.header("Accept") == "application/vnd.microsoft.appconfig.kvset+json, application/problem+json")
            #expect(request.header("Authorization")?.hasPrefix("HMAC-SHA256 Credential=\(AppConfigurationFakeStore.accessKeyID)&") == true)
        }
    }

    @Test func aValueThatIsNotOfTheRequestedTypeIsAnError() async throws {
        let store = AppConfigurationFakeStore(items: [Item(key: "DaiBai:llm:max_tokens", value: "many")])
        try await Support.withStore(store) { server in
            let provider = try await Support.provider(store, server)
            #expect(throws: AppConfigurationError.valueNotConvertible(key: "DaiBai:llm:max_tokens", type: .int)) {
                _ = try provider.value(forKey: AbsoluteConfigKey(["llm", "max_tokens"]), type: .int)
            }
            #expect(try provider.value(forKey: AbsoluteConfigKey(["llm", "missing"]), type: .int).value == nil)
        }
    }

    @Test func labelFiltersAndEscapesAreSentAsTheSDKsSendThem() async throws {
        let store = AppConfigurationFakeStore(items: [
            Item(key: "app:color", value: "red"),
            Item(key: "odd*key,with\\chars", label: "prod,eu", value: "matched literally"),
            Item(key: "odd-key", label: "prod,eu", value: "must not match"),
        ])
        try await Support.withStore(store) { server in
            let recorder = AppConfigurationRecordingTransport()
            let provider = try await Support.provider(
                store, server, recorder: recorder,
                selectors: [
                    AppConfigurationSelector(keyFilter: "app:*"),
                    .literal(key: "odd*key,with\\chars", label: "prod,eu"),
                ],
                keyPrefix: nil)
            #expect(recorder.targets == [
                "/kv?key=app%3A%2A&label=%00&api-version=2023-11-01",
                "/kv?key=odd%5C%2Akey%5C%2Cwith%5C%5Cchars&label=prod%5C%2Ceu&api-version=2023-11-01",
            ])
            // What the server decoded: `\0` for "no label", the backslash escapes intact.
            #expect(server.requests.map { $0.queryValue("label") } == ["\0", "prod\\,eu"])
            #expect(server.requests.last?.queryValue("key") == "odd\\*key\\,with\\\\chars")
            let config = ConfigReader(provider: provider)
            #expect(config.string(forKey: "app.color") == "red")
            #expect(config.string(forKey: ConfigKey(["odd*key,with\\chars"])) == "matched literally")
            #expect(provider.currentSnapshot.count == 2)
        }
    }

    @Test func laterSelectorsWin() async throws {
        let store = AppConfigurationFakeStore(items: [
            Item(key: "DaiBai:ui:color", value: "red"),
            Item(key: "DaiBai:ui:color", label: "prod", value: "blue"),
            Item(key: "DaiBai:ui:font", value: "serif"),
        ])
        try await Support.withStore(store) { server in
            let prodLast = try await Support.provider(store, server, selectors: [
                AppConfigurationSelector(keyFilter: "DaiBai:*"),
                AppConfigurationSelector(keyFilter: "DaiBai:*", labelFilter: "prod"),
            ])
            #expect(ConfigReader(provider: prodLast).string(forKey: "ui.color") == "blue")
            #expect(ConfigReader(provider: prodLast).string(forKey: "ui.font") == "serif")
            let unlabelledLast = try await Support.provider(store, server, selectors: [
                AppConfigurationSelector(keyFilter: "DaiBai:*", labelFilter: "prod"),
                AppConfigurationSelector(keyFilter: "DaiBai:*"),
            ])
            #expect(ConfigReader(provider: unlabelledLast).string(forKey: "ui.color") == "red")
        }
    }

    @Test func followsLinkHeadersAcrossPages() async throws {
        let store = AppConfigurationFakeStore(
            items: (1...5).map { Item(key: "DaiBai:page:key\($0)", value: "v\($0)") },
            pageSize: 2)
        try await Support.withStore(store) { server in
            let provider = try await Support.provider(store, server)
            let config = ConfigReader(provider: provider)
            #expect((1...5).map { config.string(forKey: ConfigKey(["page", "key\($0)"])) } == ["v1", "v2", "v3", "v4", "v5"])
            #expect(server.requests.map { $0.queryValue("after") } == [nil, "2", "4"])
        }
    }

    @Test func refusesAPagingLinkToAnotherHost() async throws {
        let store = AppConfigurationFakeStore(
            items: [Item(key: "DaiBai:a", value: "1"), Item(key: "DaiBai:b", value: "2")],
            pageSize: 1)
        store.linkToHost("attacker.example")
        try await Support.withStore(store) { server in
            await #expect(throws: AppConfigurationError.foreignNextLink(host: "attacker.example")) {
                _ = try await Support.provider(store, server)
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test func echoesTheHighestSyncTokenOnLaterRequests() async throws {
        let store = AppConfigurationFakeStore(items: [Item(key: "DaiBai:a", value: "1")])
        try await Support.withStore(store) { server in
            let provider = try await Support.provider(store, server, selectors: [
                AppConfigurationSelector(keyFilter: "DaiBai:*"),
                AppConfigurationSelector(keyFilter: "Other:*"),
            ])
            store.set(Item(key: "DaiBai:a", value: "2"))
            try await provider.refresh()
            // The store answers `zAJw6V16=<base64 "0:<sn>">;sn=<sn>`; requests carry `id=value`.
            #expect(server.requests.map { $0.header("Sync-Token") } == [
                nil,
                "zAJw6V16=\(Data("0:1".utf8).base64EncodedString())",
                "zAJw6V16=\(Data("0:1".utf8).base64EncodedString())",
                "zAJw6V16=\(Data("0:2".utf8).base64EncodedString())",
            ])
            #expect(ConfigReader(provider: provider).string(forKey: "a") == "2")

            // An older token (a replica behind) does not replace the newer one.
            store.setSyncTokenSequenceNumber(1)
            try await provider.refresh()
            #expect(server.requests.suffix(2).map { $0.header("Sync-Token") } == [
                "zAJw6V16=\(Data("0:2".utf8).base64EncodedString())",
                "zAJw6V16=\(Data("0:2".utf8).base64EncodedString())",
            ])
        }
    }

    @Test func retriesThrottlingAsTheStoreAsks() async throws {
        let store = AppConfigurationFakeStore(items: [Item(key: "DaiBai:a", value: "1")])
        store.throttle(next: 2)
        let waits = AppConfigurationWaitLog()
        try await Support.withStore(store) { server in
            let provider = try await Support.provider(store, server, retrier: Support.instantRetrier(maxAttempts: 4, waits: waits))
            #expect(ConfigReader(provider: provider).string(forKey: "a") == "1")
            #expect(server.requests.count == 3)
            // `retry-after-ms: 1` honoured for both retries.
            #expect(waits.all == [.milliseconds(1), .milliseconds(1)])
        }
    }

    @Test func persistentServerErrorsFailAfterTheRetries() async throws {
        let store = AppConfigurationFakeStore(items: [Item(key: "DaiBai:a", value: "1")])
        store.fail(next: 10)
        try await Support.withStore(store) { server in
            await #expect(throws: AppConfigurationError.requestFailed(status: 500, title: "Internal server error", detail: "")) {
                _ = try await Support.provider(store, server, retrier: Support.instantRetrier(maxAttempts: 3))
            }
            #expect(server.requests.count == 3)
        }
    }

    @Test func problemDetailsBecomeTypedErrors() async throws {
        let store = AppConfigurationFakeStore(items: [])
        try await Support.withStore(store) { server in
            await #expect(throws: AppConfigurationError.requestFailed(
                status: 400, title: "Invalid request parameter 'key'", detail: "key: wildcard is supported only at the end")) {
                _ = try await Support.provider(store, server, selectors: [AppConfigurationSelector(keyFilter: "a*b")])
            }
        }
    }
}
