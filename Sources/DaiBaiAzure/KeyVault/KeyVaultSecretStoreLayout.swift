import DaiBaiCore

extension KeyVaultSecretStore {
    /// How the secrets of tenants are laid out in the vault.
    ///
    /// Key Vault secret names are `^[0-9a-zA-Z-]{1,127}$` and case-insensitive; each layout
    /// says how a tenant's ``SecretName`` becomes a vault name and back.
    public enum Layout: Sendable, Hashable {
        /// The vault holds the deployment's own secrets (LLM keys, connection strings) under
        /// plain names: `_` becomes `-` (``SecretName/keyVaultName``), so `OPENAI_API_KEY` is
        /// stored as `OPENAI-API-KEY`.
        ///
        /// Only `owner` sees them. Every other tenant sees no secrets (reads return `nil`,
        /// listing returns nothing) and cannot write or delete
        /// (``SecretStoreError/readOnly(store:)``), as with ``EnvironmentSecretStore`` and
        /// ``DirectorySecretStore``.
        ///
        /// Because the vault maps `_` to `-` and ignores case, `OPENAI_API_KEY`,
        /// `OPENAI-API-KEY` and `openai_api_key` are one secret. Listing returns the name
        /// recorded in the secret's `daibai-name` tag when it names this secret, otherwise the
        /// vault name with every `-` read as `_` (the environment-variable spelling), and skips
        /// vault names that are not valid ``SecretName``s.
        case singleTenant(owner: TenantID)

        /// Every tenant's secrets in one vault, under `dbt-<tenant hash>-<encoded name>`.
        ///
        /// - The tenant hash is the first 24 hexadecimal digits of
        ///   SHA-256(`"daibai.keyvault.tenant:" + tenant`).
        /// - The name is encoded injectively even though the vault ignores case: `A`–`Z` and
        ///   `0`–`9` stand for themselves, a lowercase letter is written `-` + the letter,
        ///   `_` is `-0` and `-` is `-1` (`OPENAI_API_KEY` → `OPENAI-0API-0KEY`). Encoded names
        ///   longer than 98 characters are rejected with ``SecretStoreError/misconfigured(_:)``.
        /// - Every secret carries the tags `daibai-tenant` and `daibai-name`. Reads, listing,
        ///   overwrites and deletes check them, so even two tenants whose hashes collided could
        ///   not reach each other's secrets: a mismatch reads as "no secret" and refuses writes.
        case perTenant
    }
}
