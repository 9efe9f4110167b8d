import DaiBaiCore

/// How the provider authenticates to App Configuration.
public enum AppConfigurationAuthentication: Sendable {
    /// An access-key connection string `Endpoint=https://…;Id=…;Secret=…`; requests are
    /// signed with HMAC-SHA256 (``AppConfigurationRequestSigner``).
    case connectionString(SecretValue)
    /// An Entra identity; requests carry a bearer token for the store's audience.
    case credential(any TokenCredential)
}
