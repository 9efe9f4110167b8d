/// The outcome of ``SQLGuard/check(_:allowedTables:)``.
public enum SQLGuardVerdict: Sendable, Hashable {
    /// The text is a single read-only statement.
    case allowed(SQLGuardedStatement)
    /// The text was refused, with the reason and where.
    case rejected(SQLGuardRejection)

    /// Whether the statement was allowed.
    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }

    /// The rejection, if the statement was refused.
    public var rejection: SQLGuardRejection? {
        if case .rejected(let rejection) = self { return rejection }
        return nil
    }

    /// The allowed statement, if it was allowed.
    public var statement: SQLGuardedStatement? {
        if case .allowed(let statement) = self { return statement }
        return nil
    }
}

/// A statement the guard allowed.
public struct SQLGuardedStatement: Sendable, Hashable {
    /// The statement's text without its trailing `;` (and without anything after it), trimmed of surrounding whitespace.
    public var sql: String
    /// The tables it references (names as written, without quotes, deduplicated case-insensitively, in order of first use);
    /// CTE names, aliases, derived tables and table-valued functions are not included.
    public var tables: [String]

    /// Creates a guarded statement.
    public init(sql: String, tables: [String]) {
        self.sql = sql
        self.tables = tables
    }
}
