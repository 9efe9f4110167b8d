import DaiBaiCore
import Synchronization

/// A ``SecretStore`` kept in memory, for tests.
///
/// Behaves like the writable local stores (``DirectorySecretStore`` with the per-tenant
/// layout, ``EncryptedFileSecretStore``): secrets are kept per tenant, a tenant sees only
/// its own, deleting a missing secret throws ``SecretStoreError/notFound(_:)`` and names
/// are listed sorted. Values are kept exactly as given.
public final class InMemorySecretStore: SecretStore {
    /// `"in-memory"`.
    public var storeName: String { "in-memory" }

    private let state: Mutex<[TenantID: [SecretName: SecretValue]]>

    /// Creates a store holding `secrets` (by tenant, then name); empty by default.
    public init(secrets: [TenantID: [SecretName: SecretValue]] = [:]) {
        self.state = Mutex(secrets)
    }

    /// The secret `name` of the caller's tenant, or `nil`.
    public func secret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) -> SecretValue? {
        state.withLock { $0[context.tenant]?[name] }
    }

    /// Creates or replaces the secret `name` of the caller's tenant.
    public func setSecret(_ value: SecretValue, named name: SecretName, context: RequestContext) async throws(SecretStoreError) {
        state.withLock { $0[context.tenant, default: [:]][name] = value }
    }

    /// Deletes the secret `name` of the caller's tenant; throws ``SecretStoreError/notFound(_:)`` when there is none.
    public func deleteSecret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) {
        let removed = state.withLock { secrets -> Bool in
            let removed = secrets[context.tenant]?.removeValue(forKey: name) != nil
            if secrets[context.tenant]?.isEmpty == true { secrets[context.tenant] = nil }
            return removed
        }
        if !removed { throw .notFound(name) }
    }

    /// The sorted names of the caller's tenant's secrets.
    public func secretNames(context: RequestContext) async throws(SecretStoreError) -> [SecretName] {
        state.withLock { ($0[context.tenant].map { Array($0.keys) } ?? []).sorted() }
    }
}
