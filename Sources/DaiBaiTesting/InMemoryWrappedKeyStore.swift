import DaiBaiCore
import Synchronization

/// A ``WrappedKeyStore`` kept in memory, for tests.
///
/// Behaves like ``SQLiteWrappedKeyStore``: records per (tenant, user, provider), compare-and-set
/// saves, lists sorted by provider (tenant lists by user, then provider).
public final class InMemoryWrappedKeyStore: WrappedKeyStore {
    private struct Key: Hashable { var tenant: TenantID; var user: UserID; var provider: String }
    private let state = Mutex<[Key: WrappedKeyRecord]>([:])

    /// An empty store.
    public init() {}

    /// The caller's record for `provider`.
    public func record(provider: String, context: RequestContext) async throws(WrappedKeyStoreError) -> WrappedKeyRecord? {
        state.withLock { $0[Key(tenant: context.tenant, user: context.user, provider: provider)] }
    }

    /// Saves `record` if the stored version is still `expectedVersion`.
    public func save(_ record: WrappedKeyRecord, expectedVersion: Int?, context: RequestContext) async throws(WrappedKeyStoreError) {
        var stored = record
        stored.tenant = context.tenant
        stored.user = context.user
        let key = Key(tenant: context.tenant, user: context.user, provider: record.provider)
        let saved = state.withLock { records -> Bool in
            guard records[key]?.keyVersion == expectedVersion else { return false }
            records[key] = stored
            return true
        }
        if !saved { throw .conflict(provider: record.provider) }
    }

    /// Deletes the caller's record for `provider`.
    @discardableResult
    public func delete(provider: String, context: RequestContext) async throws(WrappedKeyStoreError) -> Bool {
        state.withLock { $0.removeValue(forKey: Key(tenant: context.tenant, user: context.user, provider: provider)) != nil }
    }

    /// The caller's records.
    public func records(context: RequestContext) async throws(WrappedKeyStoreError) -> [WrappedKeyRecord] {
        state.withLock { records in
            records.values.filter { $0.tenant == context.tenant && $0.user == context.user }.sorted { $0.provider < $1.provider }
        }
    }

    /// Every record of the caller's tenant.
    public func tenantRecords(context: RequestContext) async throws(WrappedKeyStoreError) -> [WrappedKeyRecord] {
        state.withLock { records in
            records.values.filter { $0.tenant == context.tenant }
                .sorted { ($0.user.rawValue, $0.provider) < ($1.user.rawValue, $1.provider) }
        }
    }

    /// Replaces the stored record of (`tenant`, `user`, `provider`) as is, bypassing every
    /// check: for tests that simulate tampering, such as copying one user's entry into another's row.
    public func overwrite(_ record: WrappedKeyRecord, tenant: TenantID, user: UserID) {
        var moved = record
        moved.tenant = tenant
        moved.user = user
        state.withLock { $0[Key(tenant: tenant, user: user, provider: record.provider)] = moved }
    }
}
