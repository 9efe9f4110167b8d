import DaiBaiCore
import Foundation

/// A Key Vault reference: value `{"uri":"https://<vault>/secrets/<name>[/<version>]"}`.
///
/// The secret is looked up in the provider's ``SecretStore`` under the ``SecretName`` whose
/// ``SecretName/keyVaultName`` is `<name>`: `-` becomes `_` (`OPENAI-API-KEY` →
/// `OPENAI_API_KEY`). The vault host and the version are not used: the secret store decides
/// where secrets live.
struct AppConfigurationKeyVaultReference: Sendable, Hashable {
    let secretName: SecretName

    private struct Value: Decodable {
        let uri: String
    }

    /// Parses the reference stored under `key`; errors name the key, never the value.
    init(value: String?, key: String) throws(AppConfigurationError) {
        let decoded: Value
        do {
            decoded = try JSONDecoder().decode(Value.self, from: Data((value ?? "").utf8))
        } catch {
            throw .unresolvedKeyVaultReference(key: key, reason: "the value is not '{\"uri\":\"https://<vault>/secrets/<name>\"}' JSON")
        }
        guard let components = URLComponents(string: decoded.uri), components.host != nil else {
            throw .unresolvedKeyVaultReference(key: key, reason: "the uri is not an absolute URL")
        }
        let segments = components.path.split(separator: "/").map(String.init)
        guard segments.count == 2 || segments.count == 3, segments[0] == "secrets" else {
            throw .unresolvedKeyVaultReference(key: key, reason: "the uri path is not '/secrets/<name>[/<version>]'")
        }
        guard let name = SecretName(rawValue: segments[1].replacingOccurrences(of: "-", with: "_")) else {
            throw .unresolvedKeyVaultReference(key: key, reason: "the secret name in the uri is not a valid secret name")
        }
        secretName = name
    }
}
