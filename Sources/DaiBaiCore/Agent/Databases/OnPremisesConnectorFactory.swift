/// Makes connectors for data servers registered as on-premises (behind a firewall), such as
/// DaiBaiRelay's `RelayConnectorFactory`, which reaches them through Azure Relay.
///
/// ``InventoryDatabaseDirectory`` asks it for every server whose location is
/// ``DataServerLocation/onPremises``; the server's connection secret then holds what the
/// factory needs to reach it (for the relay: a send connection string), never the database's
/// own credentials.
public protocol OnPremisesConnectorFactory: Sendable {
    /// A connector for `server`, reached with `connectionString`, acting for `context`'s tenant.
    func connector(for server: DataServer, connectionString: SecretValue, context: RequestContext) async throws(DatabaseDirectoryError) -> any DatabaseConnector
}
