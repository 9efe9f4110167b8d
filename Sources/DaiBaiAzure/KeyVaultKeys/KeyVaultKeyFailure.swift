import DaiBaiCore
import Foundation

/// Turns failed Key Vault key operations into ``KeyWrapError``s that say what failed and what
/// to do, quoting the vault's error code and message but never key bytes or tokens.
enum KeyVaultKeyFailure {
    /// What the failed request was doing, which decides how a status is read.
    enum Purpose {
        /// `GET /keys/{name}`: looking up the current version.
        case lookup
        /// `POST …/wrapkey` with the given version.
        case wrap(version: String)
        /// `POST …/unwrapkey` with the given version.
        case unwrap(version: String)
    }

    /// The hint for a refused identity.
    static let permissionHint =
        "Grant the identity the 'Key Vault Crypto User' role on the key or the vault ('Key Vault Crypto Service "
        + "Encryption User' is enough), or an access policy with the get, wrapKey and unwrapKey key permissions; "
        + "a disabled key or key version is refused the same way"

    /// The error for the failed `response` of `operation` (for example `"wrap a data key with key 'kek'"`).
    /// - Parameter redacting: Values removed from the quoted vault message (the base64url sent).
    static func error(
        for response: KeyVaultResponse, purpose: Purpose, operation: String, keyID: String, host: String,
        redacting: [String]
    ) -> KeyWrapError {
        let detail = response.errorBody
        let code = detail?.code ?? "no error code"
        let innerCode = detail?.innererror?.code
        let message = sanitize(detail?.message ?? "the response carried no Key Vault error body", redacting: redacting)
        let summary = "Key Vault \(operation) on \(host) failed: HTTP \(response.status) \(code)"
            + (innerCode.map { " (\($0))" } ?? "") + ": \(message)"
        switch (response.status, purpose) {
        case (401, _):
            return .unavailable(keyID: keyID, reason: summary + " The vault refused the token; check that the identity belongs to the vault's Entra tenant")
        case (403, _):
            return .unavailable(keyID: keyID, reason: summary + " " + permissionHint)
        case (404, .unwrap(let version)):
            return .unknownVersion(keyID: keyID, version: version)
        case (404, _):
            return .unavailable(keyID: keyID, reason: summary + " Check the vault URL and the key name; create an RSA key with 'az keyvault key create --vault-name <vault> --name <key> --kty RSA --size 3072'")
        case (400, .unwrap(let version)):
            return .unwrapFailed(keyID: keyID, reason: "the vault could not unwrap it with version '\(version)' (HTTP 400 \(code)); it was altered, or wrapped by another key")
        case (429, _):
            return .unavailable(keyID: keyID, reason: summary + " The vault is throttling requests even after retries; lower the request rate")
        case (500...599, _):
            return .unavailable(keyID: keyID, reason: summary + " The vault failed; try again later")
        default:
            return .unavailable(keyID: keyID, reason: summary)
        }
    }

    /// The error for a failure of the shared Key Vault client (transport, challenge, token).
    static func error(for failure: SecretStoreError, keyID: String, redacting: [String]) -> KeyWrapError {
        let message: String
        switch failure {
        case .backend(let text), .misconfigured(let text), .integrityFailure(let text): message = text
        default: message = failure.description
        }
        return .unavailable(keyID: keyID, reason: sanitize(message, redacting: redacting))
    }

    /// `message` on one line, shortened, without `redacting` and without a final period (the
    /// ``KeyWrapError`` description adds one).
    static func sanitize(_ message: String, redacting: [String]) -> String {
        var text = message.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        for value in redacting where !value.isEmpty {
            text = text.replacingOccurrences(of: value, with: "<redacted>")
        }
        if text.count > KeyVaultFailure.maxMessageLength { text = String(text.prefix(KeyVaultFailure.maxMessageLength)) + "…" }
        while text.hasSuffix(".") || text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
