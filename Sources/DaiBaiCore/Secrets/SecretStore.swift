/// Where secrets live: API keys, connection strings, per-tenant keys.
///
/// Every call is made for a ``RequestContext`` and sees only the secrets of its tenant.
/// Implementations: ``EnvironmentSecretStore``, ``DirectorySecretStore``,
/// ``EncryptedFileSecretStore``; Azure Key Vault in `DaiBaiAzure`; an in-memory fake in `DaiBaiTesting`.
public protocol SecretStore: Sendable {
    /// A short name of the backend for messages, for example `"environment"`.
    var storeName: String { get }

    /// The secret `name` of the caller's tenant, or `nil` when there is none.
    func secret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) -> SecretValue?

    /// Creates or replaces the secret `name` of the caller's tenant.
    func setSecret(_ value: SecretValue, named name: SecretName, context: RequestContext) async throws(SecretStoreError)

    /// Deletes the secret `name` of the caller's tenant; throws ``SecretStoreError/notFound(_:)`` when there is none.
    func deleteSecret(named name: SecretName, context: RequestContext) async throws(SecretStoreError)

    /// The names (never the values) of the caller's tenant's secrets, sorted.
    func secretNames(context: RequestContext) async throws(SecretStoreError) -> [SecretName]
}

extension SecretStore {
    /// The secret `name`, or ``SecretStoreError/notFound(_:)`` when there is none.
    public func requireSecret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) -> SecretValue {
        guard let value = try await secret(named: name, context: context) else { throw .notFound(name) }
        return value
    }
}
