extension PostgresConnectorConfiguration {
    /// Parses a `postgres://user:password@host:port/database?sslmode=…` (or `postgresql://`) connection string.
    ///
    /// User, password and database may be percent-encoded; the host may be an IPv6 address in
    /// brackets. Query parameters: `sslmode` (`disable`, `allow`, `prefer`, `require`, `verify-ca`,
    /// `verify-full`), `connect_timeout` (seconds), `application_name`, and `user`, `password`,
    /// `dbname` (overriding the parts before them); others are refused so that a setting is never
    /// silently ignored.
    ///
    /// Throws ``DatabaseError/misconfigured(_:)`` naming the part that is wrong; the message never
    /// contains the connection string or the password.
    public init(connectionString: SecretValue) throws(DatabaseError) {
        let text = connectionString.revealed()
        func fail(_ reason: String) -> DatabaseError {
            .misconfigured("the PostgreSQL connection string is invalid: \(reason) (expected postgres://user:password@host:port/database?sslmode=…)")
        }
        let url = try ConnectionURL(text, schemes: ["postgres", "postgresql"], fail: fail)
        var user = url.user
        var password = url.password
        var database = url.database

        var tls = TLSMode.prefer
        var connectTimeout = Duration.seconds(10)
        var applicationName = "daibai"
        for (key, value) in url.parameters {
            switch key {
            case "sslmode":
                switch value {
                case "disable": tls = .disable
                case "allow", "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default: throw fail("sslmode must be disable, allow, prefer, require, verify-ca or verify-full")
                }
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else { throw fail("connect_timeout must be a positive number of seconds") }
                connectTimeout = .seconds(seconds)
            case "application_name":
                applicationName = value
            case "user":
                user = value
            case "password":
                password = SecretValue(value)
            case "dbname":
                database = value
            default:
                // Not even the name is shown: a mistyped string could put secret text there.
                throw fail("it has an unsupported parameter; use only sslmode, connect_timeout, application_name, user, password or dbname")
            }
        }
        guard let user, !user.isEmpty else { throw fail("it names no user (postgres://user@host/database)") }
        self.init(
            host: url.host, port: url.port ?? 5432, user: user, password: password, database: database, tls: tls,
            connectTimeout: connectTimeout, applicationName: applicationName)
    }
}
