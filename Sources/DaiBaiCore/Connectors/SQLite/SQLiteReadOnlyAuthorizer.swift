import GRDB
import GRDBSQLite

/// The SQLite authorizer that ``SQLiteConnector`` installs on its connection.
///
/// It is an allow-list: statements may only read. SQLite asks it about every action while it
/// compiles a statement, and any action not allowed here makes compilation fail with
/// "not authorized", before anything runs:
///
/// - allowed: `SELECT`, reading columns, recursive CTEs, and calling functions other than those listed below;
/// - allowed pragmas: only the schema-reading ones (`table_info`, `table_xinfo`, `index_list`,
///   `index_info`, `index_xinfo`, `foreign_key_list`), which the schema introspection reads
///   through their table-valued functions (`pragma_table_info(…)`); every other pragma is denied,
///   including reading settings, so `PRAGMA query_only = 0` and `PRAGMA journal_mode=…` fail;
/// - denied functions: `load_extension` and `fts3_tokenizer`;
/// - `UPDATE` is allowed on `sqlite_master` only, which SQLite reports while it sets up the pragma
///   functions (SQLite itself refuses real updates of it, as do the read-only file and `query_only`);
/// - denied: every write and schema change (INSERT, UPDATE, DELETE, CREATE, DROP, ALTER,
///   REINDEX, ANALYZE, virtual tables), `ATTACH` and `DETACH`, transaction control (`BEGIN`,
///   `COMMIT`, `ROLLBACK`, savepoints: the connector runs every statement in autocommit mode),
///   and any action SQLite adds later.
///
/// The callback is a C function pointer that captures nothing.
enum SQLiteReadOnlyAuthorizer {
    /// Installs the authorizer on `connection`, replacing GRDB's own. GRDB's records what a
    /// statement touches (for database observation, which read-only connections never do) and
    /// which statements control transactions (for its transaction wrappers, which the connector
    /// does not use).
    static func install(on connection: SQLiteConnection) {
        sqlite3_set_authorizer(connection, { _, action, argument1, argument2, _, _ in
            SQLiteReadOnlyAuthorizer.authorize(action: action, argument1: argument1, argument2: argument2)
        }, nil)
    }

    /// The pragmas whose table-valued functions read the schema.
    private static let schemaPragmas: [String] = [
        "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    ]

    /// Functions that load code or reconfigure the engine.
    private static let deniedFunctions: [String] = ["load_extension", "fts3_tokenizer"]

    /// The decision for one action: `SQLITE_OK` or `SQLITE_DENY`.
    static func authorize(action: CInt, argument1: UnsafePointer<CChar>?, argument2: UnsafePointer<CChar>?) -> CInt {
        switch action {
        case SQLITE_SELECT, SQLITE_READ, SQLITE_RECURSIVE:
            return SQLITE_OK
        case SQLITE_UPDATE:
            // SQLite reports an UPDATE of sqlite_master's columns while it sets up the table-valued
            // pragma functions (their eponymous virtual tables), the first time one is used. Real
            // updates of sqlite_master are refused by SQLite itself (without `writable_schema`,
            // a denied pragma), by the read-only file and by `query_only`.
            guard let table = argument1 else { return SQLITE_DENY }
            return sqlite3_stricmp(table, "sqlite_master") == 0 ? SQLITE_OK : SQLITE_DENY
        case SQLITE_FUNCTION:
            // argument2 is the function's name.
            guard let name = argument2 else { return SQLITE_DENY }
            for denied in deniedFunctions where sqlite3_stricmp(name, denied) == 0 {
                return SQLITE_DENY
            }
            return SQLITE_OK
        case SQLITE_PRAGMA:
            // argument1 is the pragma's name, argument2 its argument (a table or index name for these).
            guard let name = argument1 else { return SQLITE_DENY }
            for allowed in schemaPragmas where sqlite3_stricmp(name, allowed) == 0 {
                return SQLITE_OK
            }
            return SQLITE_DENY
        default:
            return SQLITE_DENY
        }
    }
}
