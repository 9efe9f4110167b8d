import Foundation

/// The content types App Configuration gives special meaning to.
enum AppConfigurationContentType {
    /// A Key Vault reference: the value is `{"uri":"https://<vault>/secrets/<name>[/<version>]"}`.
    static let keyVaultReference = "application/vnd.microsoft.appconfig.keyvaultref+json"
    /// A feature flag: the value is `{"id": …, "enabled": …, "conditions": …}`.
    static let featureFlag = "application/vnd.microsoft.appconfig.ff+json"

    /// Whether `contentType` is `mediaType`, ignoring parameters (`;charset=utf-8`) and case.
    static func matches(_ contentType: String?, _ mediaType: String) -> Bool {
        guard let contentType else { return false }
        let base = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? contentType
        return base.trimmingCharacters(in: .whitespaces).lowercased() == mediaType
    }
}
