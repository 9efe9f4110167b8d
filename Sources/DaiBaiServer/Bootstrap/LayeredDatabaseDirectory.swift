import DaiBaiCore

/// The tenant's own databases (its inventory) with shared ones (the bundled sample) layered
/// under them: a tenant's database of the same name wins.
public struct LayeredDatabaseDirectory: DatabaseDirectory {
    private let tenant: any DatabaseDirectory
    private let shared: (any DatabaseDirectory)?
    private let defaultName: String?

    /// Creates a directory; `defaultName` is used when a request names no database.
    public init(tenant: any DatabaseDirectory, shared: (any DatabaseDirectory)?, defaultName: String?) {
        self.tenant = tenant
        self.shared = shared
        self.defaultName = defaultName
    }

    /// The tenant's database `name`, else the shared one.
    public func database(named name: String?, context: DaiBaiCore.RequestContext) async throws(DatabaseDirectoryError) -> ResolvedDatabase {
        let wanted = name ?? defaultName
        do {
            return try await tenant.database(named: wanted, context: context)
        } catch {
            guard case .notFound = error, let shared else { throw error }
            return try await shared.database(named: wanted, context: context)
        }
    }

    /// The names of both layers.
    public func databaseNames(context: DaiBaiCore.RequestContext) async throws(DatabaseDirectoryError) -> [String] {
        var names = Set(try await tenant.databaseNames(context: context))
        if let shared { names.formUnion(try await shared.databaseNames(context: context)) }
        return names.sorted()
    }
}
