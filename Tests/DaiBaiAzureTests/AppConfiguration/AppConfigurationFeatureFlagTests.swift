import Configuration
import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

/// Feature flags: loaded with their own selector, readable as bools.
@Suite struct AppConfigurationFeatureFlagTests {
    typealias Support = AppConfigurationTestSupport
    typealias Item = AppConfigurationFakeStore.Item

    /// Shape: Azure/AppConfiguration docs "Feature flag management" schema
    /// (`{"id","description","enabled","conditions":{"client_filters":[]}}`).
    static func flag(_ id: String, enabled: Bool) -> Item {
        Item(
            key: ".appconfig.featureflag/\(id)", contentType: Support.featureFlagType,
            value: #"{"id":"\#(id)","description":"","enabled":\#(enabled),"conditions":{"client_filters":[]}}"#)
    }

    @Test func flagsAreReadableAsBoolsAndThroughIsFeatureEnabled() async throws {
        let store = AppConfigurationFakeStore(items: [
            Self.flag("Beta", enabled: true),
            Self.flag("Legacy", enabled: false),
            Item(key: "DaiBai:llm:default", value: "openai"),
        ])
        try await Support.withStore(store) { server in
            let provider = try await Support.provider(store, server, featureFlagSelectors: [.featureFlags()])
            #expect(provider.isFeatureEnabled("Beta") == true)
            #expect(provider.isFeatureEnabled("Legacy") == false)
            #expect(provider.isFeatureEnabled("Unknown") == nil)
            let config = ConfigReader(provider: provider)
            #expect(config.bool(forKey: ConfigKey(["feature_management", "Beta"])) == true)
            #expect(config.bool(forKey: ConfigKey(["feature_management", "Legacy"])) == false)
            // The `*` selector does not turn flags into ordinary keys.
            #expect(provider.currentSnapshot.count == 3)
            #expect(server.requests.map { $0.queryValue("key") } == ["*", ".appconfig.featureflag/*"])
            #expect(server.requests.map { $0.queryValue("label") } == ["\0", "\0"])
        }
    }

    @Test func withoutFlagSelectorsNoFlagsAreLoaded() async throws {
        let store = AppConfigurationFakeStore(items: [Self.flag("Beta", enabled: true)])
        try await Support.withStore(store) { server in
            let provider = try await Support.provider(store, server, featureFlagSelectors: [])
            #expect(provider.isFeatureEnabled("Beta") == nil)
            #expect(server.requests.count == 1)
        }
    }

    @Test func aMalformedFlagFailsTheLoad() async throws {
        let store = AppConfigurationFakeStore(items: [
            Item(key: ".appconfig.featureflag/Broken", contentType: Support.featureFlagType, value: "not json"),
        ])
        try await Support.withStore(store) { server in
            await #expect(throws: AppConfigurationError.invalidResponse("feature flag 'Broken' is not '{\"id\":…,\"enabled\":…}' JSON")) {
                _ = try await Support.provider(store, server, featureFlagSelectors: [.featureFlags()])
            }
        }
    }
}
