import DaiBaiCore

/// Where and how the MySQL/MariaDB connector connects.
///
/// Build it from parts, from ``DatabaseSettings`` (``init(settings:)``), or from a
/// `mysql://` connection string (``init(connectionString:)``). Its description never shows the
/// password.
public struct MySQLConnectorConfiguration: Sendable, CustomStringConvertible {
    /// Whether the connection uses TLS.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Never: plain TCP (`ssl-mode=DISABLED`).
        case disable
        /// TLS when the server offers it, plain TCP otherwise (`ssl-mode=PREFERRED`).
        case prefer
        /// TLS or no connection, the certificate and host name verified against the system trust
        /// roots (`ssl-mode=REQUIRED`, `VERIFY_CA`, `VERIFY_IDENTITY`; stricter than the MySQL
        /// client's `REQUIRED`, which does not verify).
        case require
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The user name; an account with only `SELECT` (and `SHOW VIEW`) grants is recommended.
    public var user: String
    /// The password, if the account has one.
    public var password: SecretValue?
    /// The default database (schema); none when `nil`.
    public var database: String?
    /// Whether to use TLS.
    public var tls: TLSMode
    /// The most connections the connector keeps open at once.
    public var maximumConnections: Int
    /// How long opening a connection may take.
    public var connectTimeout: Duration

    /// Creates a configuration from its parts.
    /// - Parameters:
    ///   - host: The server's host name or address.
    ///   - port: The server's port (3306 by default).
    ///   - user: The user name.
    ///   - password: The password, if the account has one.
    ///   - database: The default database; none when `nil`.
    ///   - tls: Whether to use TLS (``TLSMode/prefer`` by default).
    ///   - maximumConnections: The pool's size (4 by default).
    ///   - connectTimeout: How long opening a connection may take.
    public init(
        host: String, port: Int = 3306, user: String, password: SecretValue? = nil, database: String? = nil,
        tls: TLSMode = .prefer, maximumConnections: Int = 4, connectTimeout: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.maximumConnections = maximumConnections
        self.connectTimeout = connectTimeout
    }

    /// Reads a configured MySQL or MariaDB database: its connection string when it has one, its
    /// parts (`host`, `port`, `user`, `password`, `database`, `ssl`) otherwise. `ssl: true` means
    /// ``TLSMode/require``, `false` (the default) ``TLSMode/disable``.
    ///
    /// Throws ``DatabaseError/misconfigured(_:)`` naming the missing or wrong setting (never its secret value).
    public init(settings: DatabaseSettings) throws(DatabaseError) {
        guard settings.dialect == .mysql else {
            throw .misconfigured("databases.\(settings.name) is a \(settings.dialect) database, not MySQL or MariaDB")
        }
        if let connectionString = settings.connectionString {
            do {
                try self.init(connectionString: connectionString)
            } catch {
                throw .misconfigured("databases.\(settings.name).connection_string: \(error.detail)")
            }
            return
        }
        guard let host = settings.host, !host.isEmpty else {
            throw .misconfigured("databases.\(settings.name).host is not set; set the server's host name")
        }
        guard let user = settings.user, !user.isEmpty else {
            throw .misconfigured("databases.\(settings.name).user is not set; set the user name to connect as")
        }
        let port = settings.port ?? 3306
        guard (1...65535).contains(port) else {
            throw .misconfigured("databases.\(settings.name).port is \(port); use a port between 1 and 65535")
        }
        self.init(
            host: host, port: port, user: user, password: settings.password, database: settings.database,
            tls: settings.ssl ? .require : .disable)
    }

    /// `user@host:port/database (tls …, password set|not set)`, never the password.
    public var description: String {
        "\(user)@\(host):\(port)/\(database ?? "") (tls \(tls.rawValue), password \(password == nil ? "not set" : "set"))"
    }
}
