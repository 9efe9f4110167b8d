import Synchronization

/// Why a ``VerifiedQueryStore`` call failed.
public enum VerifiedQueryStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The storage backend failed; the message names the operation.
    case backend(String)

    /// A message that says what failed.
    public var description: String {
        switch self {
        case .backend(let message): "Verified-query store failed: \(message)"
        }
    }
}

/// Where verified queries are kept, per tenant.
///
/// Every call sees only the caller's tenant's entries.
public protocol VerifiedQueryStore: Sendable {
    /// Adds `query` for the caller's tenant (its ``VerifiedQueryRecord/tenant`` is set to the caller's).
    func add(_ query: VerifiedQueryRecord, context: RequestContext) async throws(VerifiedQueryStoreError)

    /// The caller's tenant's entries for `databaseName` at `schemaFingerprint`.
    func queries(databaseName: String, schemaFingerprint: String, context: RequestContext) async throws(VerifiedQueryStoreError) -> [VerifiedQueryRecord]
}

/// A ``VerifiedQueryStore`` in memory: the default, and a fake for tests.
public final class InMemoryVerifiedQueryStore: VerifiedQueryStore {
    private struct Key: Hashable {
        var tenant: TenantID
        var databaseName: String
        var fingerprint: String
    }

    private let entries = Mutex<[Key: [VerifiedQueryRecord]]>([:])

    /// Creates an empty store.
    public init() {}

    /// Adds `query` for the caller's tenant, replacing an entry with the same question.
    public func add(_ query: VerifiedQueryRecord, context: RequestContext) async throws(VerifiedQueryStoreError) {
        var query = query
        query.tenant = context.tenant
        let key = Key(tenant: context.tenant, databaseName: query.databaseName, fingerprint: query.schemaFingerprint)
        entries.withLock { entries in
            entries[key, default: []].removeAll { $0.question == query.question }
            entries[key, default: []].append(query)
        }
    }

    /// The caller's tenant's entries for `databaseName` at `schemaFingerprint`.
    public func queries(databaseName: String, schemaFingerprint: String, context: RequestContext) async throws(VerifiedQueryStoreError) -> [VerifiedQueryRecord] {
        entries.withLock { $0[Key(tenant: context.tenant, databaseName: databaseName, fingerprint: schemaFingerprint)] ?? [] }
    }
}
