import DaiBaiCore
import Foundation

/// Removes credentials from text quoted from the store (error titles, details, challenges):
/// the access key secret, and anything shaped like a JWT (Entra bearer tokens).
struct AppConfigurationRedactor: Sendable {
    let secrets: [SecretValue]

    /// `text` with every credential replaced by `<redacted>`.
    func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacingOccurrences(of: secret.revealed(), with: "<redacted>")
        }
        return result.replacingOccurrences(
            of: #"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*"#, with: "<redacted>", options: .regularExpression)
    }
}
