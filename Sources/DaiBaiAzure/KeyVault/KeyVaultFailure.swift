import DaiBaiCore
import Foundation
import HTTPTypes

/// A vault response as the store reads it: status, headers and the whole (bounded) body.
struct KeyVaultResponse: Sendable {
    var status: Int
    var headers: HTTPFields
    var body: [UInt8]

    /// The `{"error":{…}}` body, if the response carries one.
    var errorBody: KeyVaultErrorBody.Detail? {
        (try? JSONDecoder().decode(KeyVaultErrorBody.self, from: Data(body)))?.error
    }

    /// The error code, for example `SecretNotFound`.
    var errorCode: String? { errorBody?.code }
}

/// Turns failed vault responses into ``SecretStoreError``s that say what failed and what to do,
/// quoting the vault's error code and message but never a secret value.
enum KeyVaultFailure {
    /// The longest part of a vault message quoted in an error.
    static let maxMessageLength = 400

    /// The error for `response` of `operation` (for example `"read secret 'X'"`) on `host`.
    /// `redacting` is removed from the quoted message (the value being written, if any).
    static func error(
        for response: KeyVaultResponse, operation: String, host: String, redacting secret: SecretValue? = nil
    ) -> SecretStoreError {
        let detail = response.errorBody
        let code = detail?.code ?? "no error code"
        let innerCode = detail?.innererror?.code
        let message = sanitize(detail?.message ?? "the response carried no Key Vault error body", redacting: secret)
        let summary = "Key Vault \(operation) on \(host) failed: HTTP \(response.status) \(code)"
            + (innerCode.map { " (\($0))" } ?? "") + ": \(message)"
        switch response.status {
        case 401:
            return .backend(summary + " The vault refused the token; check that the identity belongs to the vault's Entra tenant.")
        case 403 where isDisabled(detail):
            return .backend(summary + " The secret is disabled in the vault; enable it (az keyvault secret set-attributes --enabled true) or store a new value.")
        case 403:
            return .backend(summary + " Grant the identity access to secrets: the 'Key Vault Secrets User' role for reads, 'Key Vault Secrets Officer' for writes, or an access policy with the secret permissions needed.")
        case 409:
            return .backend(summary + " The name belongs to a deleted secret kept by the vault's soft-delete retention; recover it (az keyvault secret recover) or purge it (az keyvault secret purge, or KeyVaultSecretStore.purgeDeletedSecret) before setting it again.")
        case 429:
            return .backend(summary + " The vault is throttling requests even after retries; lower the request rate or raise the cache TTL.")
        case 500...599:
            return .backend(summary + " The vault failed; try again later.")
        default:
            return .backend(summary)
        }
    }

    /// An error for a transport failure of `operation` on `host`.
    static func error(for failure: HTTPTransportError, operation: String, host: String) -> SecretStoreError {
        switch failure {
        case .cancelled: .backend("Key Vault \(operation) on \(host) was cancelled.")
        default: .backend("Key Vault \(operation) on \(host) failed: \(failure) Check the vault URL and the network.")
        }
    }

    /// Whether the error says the secret is disabled.
    static func isDisabled(_ detail: KeyVaultErrorBody.Detail?) -> Bool {
        detail?.innererror?.code == "SecretDisabled" || (detail?.message?.lowercased().contains("disabled") ?? false)
    }

    /// `message` on one line, shortened, with `secret` removed.
    static func sanitize(_ message: String, redacting secret: SecretValue?) -> String {
        var text = message.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        if let secret, !secret.isEmpty {
            text = text.replacingOccurrences(of: secret.revealed(), with: "<redacted>")
        }
        if text.count > maxMessageLength { text = String(text.prefix(maxMessageLength)) + "…" }
        return text
    }
}
