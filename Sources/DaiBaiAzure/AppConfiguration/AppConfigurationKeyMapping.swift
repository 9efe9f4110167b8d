/// How App Configuration keys become swift-configuration keys.
///
/// 1. `keyPrefix`, when the key starts with it, is removed (`DaiBai:llm:default` with prefix
///    `DaiBai:` → `llm:default`); keys without the prefix are kept whole.
/// 2. The rest is split at `:` and `.` into key components, empty components dropped
///    (`llm:default` → `llm.default`, `llm:providers:openai:api_key` → `llm.providers.openai.api_key`).
///    Case is kept.
/// 3. Feature flags become `feature_management.<id>` (a bool).
///
/// Keys that map to no component are skipped.
struct AppConfigurationKeyMapping: Sendable, Hashable {
    let keyPrefix: String?

    /// The configuration key components of the App Configuration key `key`, or `nil` when none.
    func components(of key: String) -> [String]? {
        var rest = Substring(key)
        if let keyPrefix, !keyPrefix.isEmpty, rest.hasPrefix(keyPrefix) {
            rest = rest.dropFirst(keyPrefix.count)
        }
        let components = rest.split(whereSeparator: { $0 == ":" || $0 == "." }).map(String.init)
        return components.isEmpty ? nil : components
    }

    /// The configuration key components of the feature flag `id`.
    static func featureFlagComponents(_ id: String) -> [String] {
        [AppConfigurationFeatureFlag.configKeyRoot, id]
    }
}
