/// A fixed set of databases, for a local installation or a single-tenant service.
public struct StaticDatabaseDirectory: DatabaseDirectory {
    private let databases: [String: any DatabaseConnector]
    private let defaultName: String?
    private let owner: TenantID?

    /// Creates a directory of `databases` by name.
    /// - Parameters:
    ///   - databases: The connectors by database name.
    ///   - defaultName: The database used when a request names none.
    ///   - owner: The only tenant that may use them; `nil` lets every tenant use them (for
    ///     shared, public data such as a demo database).
    public init(databases: [String: any DatabaseConnector], defaultName: String? = nil, owner: TenantID? = nil) {
        self.databases = databases
        self.defaultName = defaultName ?? (databases.count == 1 ? databases.keys.first : nil)
        self.owner = owner
    }

    /// The database `name` (or the default), if the caller may use it.
    public func database(named name: String?, context: RequestContext) async throws(DatabaseDirectoryError) -> ResolvedDatabase {
        guard owner == nil || owner == context.tenant else { throw .notFound(name: name) }
        guard let wanted = name ?? defaultName else { throw .notFound(name: nil) }
        guard let connector = databases[wanted] else { throw .notFound(name: wanted) }
        return ResolvedDatabase(name: wanted, connector: connector)
    }

    /// The names of the databases, or none for a tenant that is not the owner.
    public func databaseNames(context: RequestContext) async throws(DatabaseDirectoryError) -> [String] {
        guard owner == nil || owner == context.tenant else { return [] }
        return databases.keys.sorted()
    }
}
