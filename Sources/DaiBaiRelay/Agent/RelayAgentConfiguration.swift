import DaiBaiCore

/// A database a relay agent exposes: its name as the cloud side asks for it, and the
/// read-only connector that reaches it on the agent's network.
public struct ExposedDatabase: Sendable {
    /// The name requests use (the data server's name in the tenant's inventory).
    public var name: String
    /// The local connector; it should open the database read-only (``SQLiteConnector`` and
    /// ``PostgresConnector`` do).
    public var connector: any DatabaseConnector

    /// Creates an exposed database.
    public init(name: String, connector: any DatabaseConnector) {
        self.name = name
        self.connector = connector
    }
}

/// What a ``RelayAgent`` serves and the limits it enforces, whatever the cloud side asks.
public struct RelayAgentConfiguration: Sendable {
    /// The one tenant this agent's hybrid connection belongs to; requests for any other are refused.
    public var tenant: TenantID
    /// The databases it exposes, by name.
    public var databases: [String: ExposedDatabase]
    /// The most rows one query returns, whatever the request asks.
    public var maxRows: Int
    /// The longest one query may run, whatever the request asks.
    public var maxQueryTimeout: Duration
    /// How long a sender has to send its request after connecting.
    public var requestReadTimeout: Duration
    /// The soft cap on one `rows` message.
    public var maxFrameBytes: Int
    /// The agent's version, reported by `health`.
    public var agentVersion: String

    /// Creates a configuration.
    public init(
        tenant: TenantID, databases: [ExposedDatabase], maxRows: Int = 10_000, maxQueryTimeout: Duration = .seconds(60),
        requestReadTimeout: Duration = .seconds(30), maxFrameBytes: Int = 64 * 1024, agentVersion: String = RelayAgent.version
    ) {
        self.tenant = tenant
        self.databases = Dictionary(databases.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.maxRows = max(0, maxRows)
        self.maxQueryTimeout = maxQueryTimeout
        self.requestReadTimeout = requestReadTimeout
        self.maxFrameBytes = max(1024, maxFrameBytes)
        self.agentVersion = agentVersion
    }
}
