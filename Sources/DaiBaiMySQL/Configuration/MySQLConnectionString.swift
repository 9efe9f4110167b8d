import DaiBaiCore

extension MySQLConnectorConfiguration {
    /// Parses a `mysql://user:password@host:port/database?ssl-mode=…` (or `mariadb://`) connection string.
    ///
    /// User, password and database may be percent-encoded; the host may be an IPv6 address in
    /// brackets. Query parameters: `ssl-mode` (`DISABLED`, `PREFERRED`, `REQUIRED`, `VERIFY_CA`,
    /// `VERIFY_IDENTITY`, any case; `sslmode` and `ssl_mode` are accepted too), `connect_timeout`
    /// (seconds), and `user`, `password`, `database` (overriding the parts before them); others are
    /// refused so that a setting is never silently ignored.
    ///
    /// Throws ``DatabaseError/misconfigured(_:)`` naming the part that is wrong; the message never
    /// contains the connection string or the password.
    public init(connectionString: SecretValue) throws(DatabaseError) {
        func fail(_ reason: String) -> DatabaseError {
            .misconfigured("the MySQL connection string is invalid: \(reason) (expected mysql://user:password@host:port/database?ssl-mode=…)")
        }
        let url = try ConnectionURL(connectionString.revealed(), schemes: ["mysql", "mariadb"], fail: fail)
        var user = url.user
        var password = url.password
        var database = url.database
        var tls = TLSMode.prefer
        var connectTimeout = Duration.seconds(10)
        for (key, value) in url.parameters {
            switch key.lowercased() {
            case "ssl-mode", "sslmode", "ssl_mode":
                switch value.uppercased() {
                case "DISABLED": tls = .disable
                case "PREFERRED": tls = .prefer
                case "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY": tls = .require
                default: throw fail("ssl-mode must be DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY")
                }
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else { throw fail("connect_timeout must be a positive number of seconds") }
                connectTimeout = .seconds(seconds)
            case "user":
                user = value
            case "password":
                password = SecretValue(value)
            case "database":
                database = value
            default:
                // Not even the name is shown: a mistyped string could put secret text there.
                throw fail("it has an unsupported parameter; use only ssl-mode, connect_timeout, user, password or database")
            }
        }
        guard let user, !user.isEmpty else { throw fail("it names no user (mysql://user@host/database)") }
        self.init(
            host: url.host, port: url.port ?? 3306, user: user, password: password, database: database, tls: tls,
            connectTimeout: connectTimeout)
    }
}
