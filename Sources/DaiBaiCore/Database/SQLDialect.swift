/// The SQL dialects DaiBai knows how to guard, prompt for and run.
public enum SQLDialect: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// SQLite 3.
    case sqlite
    /// PostgreSQL.
    case postgresql
    /// MySQL and MariaDB.
    case mysql
    /// Microsoft SQL Server / Azure SQL (T-SQL).
    case sqlserver

    /// Parses a dialect name, accepting common aliases (`postgres`, `pg`, `mariadb`, `mssql`, `tsql`, `azuresql`).
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "") {
        case "sqlite", "sqlite3": self = .sqlite
        case "postgresql", "postgres", "pg", "psql": self = .postgresql
        case "mysql", "mariadb": self = .mysql
        case "sqlserver", "mssql", "tsql", "azuresql": self = .sqlserver
        default: return nil
        }
    }

    /// The canonical name.
    public var description: String { rawValue }
}
