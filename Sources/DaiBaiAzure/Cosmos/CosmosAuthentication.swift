import DaiBaiCore

/// How a ``CosmosClient`` proves who it is to the account.
public enum CosmosAuthentication: Sendable {
    /// The account's primary or secondary key (base64), used to sign every request.
    case masterKey(SecretValue)
    /// Microsoft Entra ID: a bearer token from `credential` for `scope` on every request.
    case credential(any TokenCredential, scope: String = "https://cosmos.azure.com/.default")
}
