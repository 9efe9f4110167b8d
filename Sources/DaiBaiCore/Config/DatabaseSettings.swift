import Configuration

/// The settings of one configured database (`databases.<name>`).
public struct DatabaseSettings: Sendable, Hashable, CustomStringConvertible {
    /// The database's configured name (the key under `databases`).
    public var name: String
    /// Its dialect, from `dialect` or `type`; MySQL when neither is given and a host is
    /// (the upstream default), SQLite when only a `path` is.
    public var dialect: SQLDialect
    /// The server host.
    public var host: String?
    /// The server port; the dialect's default when not configured.
    public var port: Int?
    /// The database (schema) name, from `database` or `name`.
    public var database: String?
    /// The user name.
    public var user: String?
    /// The password. Redacted in every description.
    public var password: SecretValue?
    /// Whether to use TLS.
    public var ssl: Bool
    /// The file of a SQLite database.
    public var path: String?
    /// A full connection string, when given instead of the parts. Redacted in every description.
    public var connectionString: SecretValue?

    /// Reads the settings from a reader scoped to `databases.<name>`.
    public init(name: String, config: ConfigReader) throws(ConfigurationError) {
        self.name = name
        let dialectName = config.string(forKey: "dialect") ?? config.string(forKey: "type")
        self.host = config.string(forKey: "host")
        self.path = config.string(forKey: "path")
        if let dialectName {
            guard let dialect = SQLDialect(name: dialectName) else {
                throw .invalidSetting(key: "databases.\(name).dialect", reason: "unknown dialect '\(dialectName)'; use one of \(SQLDialect.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.dialect = dialect
        } else {
            self.dialect = (path != nil && host == nil) ? .sqlite : .mysql
        }
        self.port = config.int(forKey: "port") ?? Self.defaultPort(for: dialect)
        self.database = config.string(forKey: "database") ?? config.string(forKey: "name")
        self.user = config.string(forKey: "user")
        self.password = config.string(forKey: "password", isSecret: true).map(SecretValue.init)
        self.ssl = config.bool(forKey: "ssl", default: false)
        self.connectionString = config.string(forKey: "connection_string", isSecret: true).map(SecretValue.init)
    }

    /// The usual port of a dialect's server, `nil` for SQLite.
    public static func defaultPort(for dialect: SQLDialect) -> Int? {
        switch dialect {
        case .sqlite: nil
        case .postgresql: 5432
        case .mysql: 3306
        case .sqlserver: 1433
        }
    }

    /// A one-line summary without the password or connection string.
    public var description: String {
        if dialect == .sqlite { return "\(name) (sqlite, \(path ?? "no path"))" }
        return "\(name) (\(dialect), \(user.map { "\($0)@" } ?? "")\(host ?? "no host")\(port.map { ":\($0)" } ?? "")/\(database ?? ""), password \(password == nil ? "not set" : "set"))"
    }
}
