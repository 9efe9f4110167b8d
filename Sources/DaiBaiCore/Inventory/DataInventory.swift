/// Why a ``DataInventory`` call failed.
public enum DataInventoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No server of that name is registered for the caller's tenant.
    case notFound(name: String)
    /// An argument was rejected; the message says which and why.
    case invalidArgument(String)
    /// The storage backend failed; the message names the operation.
    case backend(String)

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .notFound(let name): "Data server '\(name)' is not registered for this tenant. Register it first, or list the registered servers."
        case .invalidArgument(let message): "Invalid data inventory argument: \(message)"
        case .backend(let message): "Data inventory backend failed: \(message)"
        }
    }
}

/// A tenant's registered data servers.
///
/// Entries belong to a tenant; every call sees only the caller's tenant's entries.
/// Implementations: ``SQLiteDataInventory``; Azure SQL later; an in-memory fake in `DaiBaiTesting`.
public protocol DataInventory: Sendable {
    /// Registers `server`, replacing the caller's tenant's entry of the same name.
    @discardableResult
    func register(_ server: DataServer, context: RequestContext) async throws(DataInventoryError) -> DataServerRecord

    /// The caller's tenant's entry `name`, or `nil`.
    func server(named name: String, context: RequestContext) async throws(DataInventoryError) -> DataServerRecord?

    /// The caller's tenant's entries, sorted by name.
    func servers(context: RequestContext) async throws(DataInventoryError) -> [DataServerRecord]

    /// Removes the caller's tenant's entry `name`; throws ``DataInventoryError/notFound(name:)`` when there is none.
    func remove(named name: String, context: RequestContext) async throws(DataInventoryError)
}

/// Rules every data inventory enforces.
public enum DataInventoryRules {
    /// Validates a server name (1–64 characters of `[A-Za-z0-9_-]`).
    public static func validateName(_ name: String) throws(DataInventoryError) {
        guard IdentifierRules.isValid(name, maxLength: 64) else {
            throw .invalidArgument("data server name must be 1-64 characters of A-Z, a-z, 0-9, '-' or '_'")
        }
    }
}
