/// Where and how ``PostgresConnector`` connects.
///
/// Build it from parts, from ``DatabaseSettings`` (``init(settings:)``), or from a
/// `postgres://` connection string (``init(connectionString:)``). Its description never
/// shows the password.
public struct PostgresConnectorConfiguration: Sendable, CustomStringConvertible {
    /// Whether the connection uses TLS.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Never: plain TCP (`sslmode=disable`).
        case disable
        /// TLS when the server offers it, plain TCP otherwise (`sslmode=allow` or `prefer`).
        /// When TLS is used, the certificate and host name are verified.
        case prefer
        /// TLS or no connection, with the certificate and host name verified against the system
        /// trust roots (`sslmode=require`, `verify-ca`, `verify-full`; stricter than libpq's `require`,
        /// which does not verify).
        case require
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The user name.
    public var user: String
    /// The password, if the server asks for one.
    public var password: SecretValue?
    /// The database; the server's default (the user's name) when `nil`.
    public var database: String?
    /// Whether to use TLS.
    public var tls: TLSMode
    /// The most connections the connector keeps open at once.
    public var maximumConnections: Int
    /// How long opening a connection may take.
    public var connectTimeout: Duration
    /// The session's `statement_timeout`, the server-side limit of any statement (each query also
    /// sets its own ``QueryOptions/timeout`` inside its transaction).
    public var sessionStatementTimeout: Duration
    /// The `application_name` the server shows for the connections.
    public var applicationName: String

    /// Creates a configuration from its parts.
    /// - Parameters:
    ///   - host: The server's host name or address.
    ///   - port: The server's port (5432 by default).
    ///   - user: The user name.
    ///   - password: The password, if the server asks for one.
    ///   - database: The database; the server's default when `nil`.
    ///   - tls: Whether to use TLS (``TLSMode/prefer`` by default).
    ///   - maximumConnections: The pool's size (4 by default).
    ///   - connectTimeout: How long opening a connection may take.
    ///   - sessionStatementTimeout: The session's server-side statement limit.
    ///   - applicationName: The `application_name` the server shows.
    public init(
        host: String, port: Int = 5432, user: String, password: SecretValue? = nil, database: String? = nil,
        tls: TLSMode = .prefer, maximumConnections: Int = 4, connectTimeout: Duration = .seconds(10),
        sessionStatementTimeout: Duration = .seconds(60), applicationName: String = "daibai"
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.maximumConnections = maximumConnections
        self.connectTimeout = connectTimeout
        self.sessionStatementTimeout = sessionStatementTimeout
        self.applicationName = applicationName
    }

    /// Reads a configured PostgreSQL database: its connection string when it has one, its parts
    /// (`host`, `port`, `user`, `password`, `database`, `ssl`) otherwise. `ssl: true` means
    /// ``TLSMode/require``, `false` (the default) ``TLSMode/disable``.
    ///
    /// Throws ``DatabaseError/misconfigured(_:)`` naming the missing or wrong setting (never its secret value).
    public init(settings: DatabaseSettings) throws(DatabaseError) {
        guard settings.dialect == .postgresql else {
            throw .misconfigured("databases.\(settings.name) is a \(settings.dialect) database, not PostgreSQL")
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
        let port = settings.port ?? 5432
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

extension DatabaseError {
    /// The message inside the error, without the case's prefix.
    package var detail: String {
        switch self {
        case .connectionFailed(let message), .rejected(let message), .queryFailed(let message), .misconfigured(let message):
            message
        case .timedOut, .cancelled:
            description
        }
    }
}
