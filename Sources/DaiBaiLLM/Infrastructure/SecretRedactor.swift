import DaiBaiCore
import Foundation

/// Removes secrets from text that came from a provider (error messages, bodies) before it
/// is put into an error or a log line, and bounds its length.
struct SecretRedactor: Sendable {
    /// What replaces a secret.
    static let placeholder = "<redacted>"
    /// The longest text kept (longer text is cut and marked with "…").
    static let maxLength = 2_000

    private let secrets: [SecretValue]

    /// A redactor for `secrets` (empty secrets are ignored).
    init(secrets: [SecretValue]) {
        self.secrets = secrets.filter { !$0.isEmpty }
    }

    /// `text` without any occurrence of the secrets, bearer tokens or OpenAI-style keys
    /// (including the partly masked form some providers echo), cut to ``maxLength``.
    func redact(_ text: String) -> String {
        var result = text
        for secret in secrets {
            result = result.replacingOccurrences(of: secret.revealed(), with: Self.placeholder)
        }
        result = result.replacing(/(?i)bearer\s+[^\s"',;]+/, with: "Bearer \(Self.placeholder)")
        result = result.replacing(/sk-[A-Za-z0-9_\-*.]{4,}/, with: Self.placeholder)
        if result.count > Self.maxLength {
            result = String(result.prefix(Self.maxLength)) + "…"
        }
        return result
    }
}

