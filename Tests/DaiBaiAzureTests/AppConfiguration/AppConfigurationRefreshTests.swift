import Configuration
import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Logging
import ServiceLifecycle
import Testing

/// Reloading: `refresh()`, `watch`, and `run()` as a service.
@Suite struct AppConfigurationRefreshTests {
    typealias Support = AppConfigurationTestSupport
    typealias Item = AppConfigurationFakeStore.Item

    static func string(_ result: Result<LookupResult, any Error>?) -> String? {
        guard case .success(let lookup)? = result, case .string(let text)? = lookup.value?.content else { return nil }
        return text
    }

    @Test func watchReceivesTheNewValueAfterARefresh() async throws {
        let store = AppConfigurationFakeStore(items: [Item(key: "DaiBai:llm:default", value: "openai")])
        try await Support.withStore(store) { server in
            let provider = try await Support.provider(store, server)
            let seen = try await provider.watchValue(forKey: AbsoluteConfigKey(["llm", "default"]), type: .string) { updates in
                var iterator = updates.makeAsyncIterator()
                var seen = [Self.string(try await iterator.next())]
                store.set(Item(key: "DaiBai:llm:default", value: "anthropic"))
                try await provider.refresh()
                seen.append(Self.string(try await iterator.next()))
                return seen
            }
            #expect(seen == ["openai", "anthropic"])
        }
    }

    @Test func aConfigReaderWatchSeesTheChange() async throws {
        let store = AppConfigurationFakeStore(items: [Item(key: "DaiBai:agent:max_rows", value: "100")])
        try await Support.withStore(store) { server in
            let provider = try await Support.provider(store, server)
            let config = ConfigReader(provider: provider)
            let seen = try await config.watchInt(forKey: "agent.max_rows") { updates in
                var iterator = updates.makeAsyncIterator()
                var seen = [try await iterator.next() ?? nil]
                store.set(Item(key: "DaiBai:agent:max_rows", value: "250"))
                try await provider.refresh()
                seen.append(try await iterator.next() ?? nil)
                return seen
            }
            #expect(seen == [100, 250])
        }
    }

    @Test func watchSnapshotReceivesTheNewSnapshot() async throws {
        let store = AppConfigurationFakeStore(items: [Item(key: "DaiBai:a", value: "1")])
        try await Support.withStore(store) { server in
            let provider = try await Support.provider(store, server)
            let counts = try await provider.watchSnapshot { updates in
                var iterator = updates.makeAsyncIterator()
                let first = try await iterator.next()
                store.set(Item(key: "DaiBai:b", value: "2"))
                try await provider.refresh()
                let second = try await iterator.next()
                return [first, second].map { ($0 as? AppConfigurationSnapshot)?.count }
            }
            #expect(counts == [1, 2])
        }
    }

    @Test func aFailedRefreshKeepsThePreviousSnapshot() async throws {
        let store = AppConfigurationFakeStore(items: [Item(key: "DaiBai:a", value: "1")])
        try await Support.withStore(store) { server in
            let provider = try await Support.provider(store, server)
            store.set(Item(key: "DaiBai:a", value: "2"))
            store.fail(next: 10)
            await #expect(throws: AppConfigurationError.requestFailed(status: 500, title: "Internal server error", detail: "")) {
                try await provider.refresh()
            }
            #expect(ConfigReader(provider: provider).string(forKey: "a") == "1")
            store.fail(next: 0)
            try await provider.refresh()
            #expect(ConfigReader(provider: provider).string(forKey: "a") == "2")
        }
    }

    @Test func runsInAServiceGroupUntilGracefulShutdown() async throws {
        let store = AppConfigurationFakeStore(items: [Item(key: "DaiBai:llm:default", value: "openai")])
        try await Support.withStore(store) { server in
            // A short interval so the test does not wait long; nothing asserts on timing.
            let log = LogCapture()
            let provider = try await Support.provider(store, server, refreshInterval: .milliseconds(20), logger: log.logger())
            let group = ServiceGroup(services: [provider], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            let updated = TestSignal()
            let runReturned = TestSignal()
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    try await group.run()
                    runReturned.fire()
                }
                tasks.addTask {
                    try await provider.watchValue(forKey: AbsoluteConfigKey(["llm", "default"]), type: .string) { updates in
                        for await update in updates where Self.string(update) == "anthropic" {
                            updated.fire()
                            return
                        }
                    }
                }
                // The first reload fails on all its attempts; run() logs it and keeps going.
                store.fail(next: 3)
                store.set(Item(key: "DaiBai:llm:default", value: "anthropic"))
                // Safety nets so a broken test fails instead of hanging (not timing assertions).
                let sawUpdate = await updated.wait(timeout: TestPatience.safetyNet)
                #expect(sawUpdate)
                await group.triggerGracefulShutdown()
                let returned = await runReturned.wait(timeout: TestPatience.safetyNet)
                #expect(returned)
                if !sawUpdate || !returned { tasks.cancelAll() }
                try await tasks.waitForAll()
            }
            #expect(ConfigReader(provider: provider).string(forKey: "llm.default") == "anthropic")
            #expect(log.lines.contains { $0.hasPrefix("warning App Configuration reload failed; keeping the previous values") && $0.contains("HTTP 500") })
            #expect(!log.lines.contains { $0.contains(AppConfigurationFakeStore.accessKeySecret) })
        }
    }
}
