import DaiBaiCore

/// The bundled verified queries (shared, read-only, kept for the local tenant) layered over
/// each tenant's own store. Additions always go to the tenant's store.
public struct LayeredVerifiedQueryStore: VerifiedQueryStore {
    /// The tenants' own verified queries.
    public let tenant: any VerifiedQueryStore
    /// The shared library, or `nil` when there is none.
    public let shared: (any VerifiedQueryStore)?
    /// The context the shared library is kept under.
    public let sharedContext: DaiBaiCore.RequestContext

    /// Layers `shared` (read as `sharedContext`) over `tenant`.
    public init(tenant: any VerifiedQueryStore, shared: (any VerifiedQueryStore)?, sharedContext: DaiBaiCore.RequestContext = .local) {
        self.tenant = tenant
        self.shared = shared
        self.sharedContext = sharedContext
    }

    /// Stores `query` for the caller's tenant.
    public func add(_ query: VerifiedQueryRecord, context: DaiBaiCore.RequestContext) async throws(VerifiedQueryStoreError) {
        try await tenant.add(query, context: context)
    }

    /// The tenant's queries, then the shared ones it has not overridden.
    public func queries(databaseName: String, schemaFingerprint: String, context: DaiBaiCore.RequestContext) async throws(VerifiedQueryStoreError) -> [VerifiedQueryRecord] {
        let own = try await tenant.queries(databaseName: databaseName, schemaFingerprint: schemaFingerprint, context: context)
        guard let shared else { return own }
        let common = try await shared.queries(databaseName: databaseName, schemaFingerprint: schemaFingerprint, context: sharedContext)
        let questions = Set(own.map(\.question))
        return own + common.filter { !questions.contains($0.question) }.map { record in
            var record = record
            record.tenant = context.tenant
            return record
        }
    }
}
