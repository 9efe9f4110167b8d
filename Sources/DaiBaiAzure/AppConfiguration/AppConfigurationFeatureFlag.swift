import Foundation

/// A feature flag as App Configuration stores it: key `.appconfig.featureflag/<id>`, content
/// type `application/vnd.microsoft.appconfig.ff+json;charset=utf-8`, value
/// `{"id": "<id>", "enabled": true|false, "conditions": {…}, …}`.
///
/// Only the on/off switch is read; conditions (filters, variants) are not evaluated.
struct AppConfigurationFeatureFlag: Sendable, Hashable {
    /// The key prefix of feature flags.
    static let keyPrefix = ".appconfig.featureflag/"
    /// The first configuration key component of flags (`feature_management.<id>`).
    static let configKeyRoot = "feature_management"

    let id: String
    let enabled: Bool

    private struct Value: Decodable {
        let id: String?
        let enabled: Bool
    }

    /// Decodes the flag stored as `keyValue`; `nil` when it is not a feature flag.
    init?(_ keyValue: AppConfigurationKeyValue) throws(AppConfigurationError) {
        guard keyValue.key.hasPrefix(Self.keyPrefix) else { return nil }
        let keyID = String(keyValue.key.dropFirst(Self.keyPrefix.count))
        guard let text = keyValue.value else {
            throw .invalidResponse("feature flag '\(keyID)' has no value")
        }
        let decoded: Value
        do {
            decoded = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        } catch {
            throw .invalidResponse("feature flag '\(keyID)' is not '{\"id\":…,\"enabled\":…}' JSON")
        }
        id = decoded.id ?? keyID
        enabled = decoded.enabled
    }
}
