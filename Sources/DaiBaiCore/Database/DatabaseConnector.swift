/// A connection to one data server, used read-only.
///
/// Implementations make the database itself refuse writes where the engine allows it
/// (read-only SQLite handles, read-only PostgreSQL transactions) in addition to the SQL guard.
public protocol DatabaseConnector: Sendable {
    /// The dialect the server speaks.
    var dialect: SQLDialect { get }

    /// Reads the tables, columns and keys of the database.
    func introspectSchema() async throws(DatabaseError) -> DatabaseSchema

    /// Runs one read-only statement with the given row cap and timeout.
    func executeReadOnly(_ sql: String, options: QueryOptions) async throws(DatabaseError) -> QueryResult
}
