import Configuration

/// Why Azure App Configuration could not be read. Messages never contain the connection
/// string, its secret, tokens or the values of Key Vault references.
public enum AppConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection string is malformed; `reason` names the missing or bad part.
    case invalidConnectionString(reason: String)
    /// The endpoint is not a usable `https://<store>.azconfig.io` style URL.
    case invalidEndpoint(reason: String)
    /// The token credential could not produce a token (Entra authentication).
    case credentialFailed(String)
    /// The store refused the credentials (HTTP 401 or 403).
    case authenticationFailed(status: Int, detail: String)
    /// The store answered with an error status; `title` and `detail` come from its
    /// `application/problem+json` body when there is one.
    case requestFailed(status: Int, title: String, detail: String)
    /// The store could not be reached (connection failure or timeout).
    case unreachable(String)
    /// The store's answer was not in the documented format.
    case invalidResponse(String)
    /// A paging link pointed to another host; it was not followed.
    case foreignNextLink(host: String)
    /// The Key Vault reference stored under `key` could not be resolved.
    case unresolvedKeyVaultReference(key: String, reason: String)
    /// The value of `key` cannot be read as `type`.
    case valueNotConvertible(key: String, type: ConfigType)
    /// The task was cancelled.
    case cancelled

    /// Whether sending the same request again may succeed (connection failures and timeouts).
    var isTransient: Bool {
        if case .unreachable = self { return true }
        return false
    }

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .invalidConnectionString(let reason):
            "The App Configuration connection string is invalid: \(reason). Expected 'Endpoint=https://<store>.azconfig.io;Id=<id>;Secret=<secret>' as shown under Access keys in the Azure portal."
        case .invalidEndpoint(let reason):
            "The App Configuration endpoint is invalid: \(reason). Use 'https://<store>.azconfig.io'."
        case .credentialFailed(let message):
            "Could not get an Entra token for App Configuration: \(message)"
        case .authenticationFailed(let status, let detail):
            "App Configuration refused the credentials (HTTP \(status)): \(detail). Check the access key or the identity's 'App Configuration Data Reader' role, and that the clock is correct."
        case .requestFailed(let status, let title, let detail):
            "App Configuration answered HTTP \(status): \(title)\(detail.isEmpty ? "" : " — \(detail)")."
        case .unreachable(let message):
            "App Configuration could not be reached: \(message). Check the endpoint and the network."
        case .invalidResponse(let message):
            "App Configuration sent an unexpected response: \(message)."
        case .foreignNextLink(let host):
            "App Configuration sent a paging link to another host (\(host)); it was not followed."
        case .unresolvedKeyVaultReference(let key, let reason):
            "The Key Vault reference in App Configuration key '\(key)' could not be resolved: \(reason). Check that the secret exists in the secret store."
        case .valueNotConvertible(let key, let type):
            "The App Configuration value of '\(key)' cannot be read as \(type.rawValue)."
        case .cancelled:
            "Reading App Configuration was cancelled."
        }
    }
}
