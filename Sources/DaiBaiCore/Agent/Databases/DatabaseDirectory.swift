/// A database the caller may query, ready to use.
public struct ResolvedDatabase: Sendable {
    /// The database's name.
    public var name: String
    /// Its connector.
    public var connector: any DatabaseConnector

    /// Creates a resolved database.
    public init(name: String, connector: any DatabaseConnector) {
        self.name = name
        self.connector = connector
    }
}

/// Why a database could not be resolved.
public enum DatabaseDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No database of that name is available to the caller (another tenant's looks the same).
    case notFound(name: String?)
    /// It is registered but cannot be opened; the message says why (never with credentials).
    case unavailable(name: String, reason: String)

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .notFound(let name?): "No database named '\(name)' is available. Register it, or list the available databases."
        case .notFound(nil): "No default database is configured. Name one, or set databases.default."
        case .unavailable(let name, let reason): "Database '\(name)' cannot be opened: \(reason)"
        }
    }
}

/// Finds the database a request names, scoped to the caller.
///
/// ``StaticDatabaseDirectory`` serves a fixed set (a local installation); a multi-tenant
/// service resolves through its ``DataInventory`` and ``SecretStore``.
public protocol DatabaseDirectory: Sendable {
    /// The database `name`, or the default one when `name` is `nil`, as the caller may use it.
    func database(named name: String?, context: RequestContext) async throws(DatabaseDirectoryError) -> ResolvedDatabase

    /// The names of the databases the caller may use, sorted.
    func databaseNames(context: RequestContext) async throws(DatabaseDirectoryError) -> [String]
}
