import DaiBaiCore
import HTTPTypes

/// How a provider proves who it is: the credential header attached to every request to its
/// configured endpoint (and never to any other).
///
/// Providers added later extend this (for example an Entra token from a `TokenCredential`
/// for Azure OpenAI); ``resolve()`` is async for that reason.
enum LLMAuthentication: Sendable {
    /// No credential (local servers).
    case none
    /// `Authorization: Bearer <key>` (OpenAI and compatible services).
    case bearer(SecretValue)
    /// The key in a header of its own, such as `x-api-key` or `api-key`.
    case header(HTTPField.Name, SecretValue)

    /// The header fields to attach, and the secrets they contain (for redaction).
    func resolve() async throws(LLMError) -> (fields: [HTTPField], secrets: [SecretValue]) {
        switch self {
        case .none:
            return ([], [])
        case .bearer(let key):
            return ([HTTPField(name: .authorization, value: "Bearer \(key.revealed())")], [key])
        case .header(let name, let key):
            return ([HTTPField(name: name, value: key.revealed())], [key])
        }
    }

    /// The secrets known before any request (for redaction).
    var secrets: [SecretValue] {
        switch self {
        case .none: []
        case .bearer(let key), .header(_, let key): [key]
        }
    }

    /// Whether a credential is configured.
    var isConfigured: Bool {
        if case .none = self { return false }
        return true
    }
}
