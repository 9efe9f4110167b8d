import DaiBaiCore
import Foundation
import Logging

/// Reaches on-premises data servers through Azure Relay: give it to
/// ``InventoryDatabaseDirectory`` as its `onPremises` factory.
///
/// An on-premises server's connection secret holds the relay connection string of the tenant's
/// hybrid connection (`Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…;EntityPath=…`,
/// with the Send right). Without a key in it, tokens come from the Entra credential given here.
/// The database's own credentials never leave the agent's network.
public struct RelayConnectorFactory: OnPremisesConnectorFactory {
    private let entraTokens: (any RelayTokenProvider)?
    private let endpointOverride: URL?
    private let connectAllowance: Duration
    private let logger: Logger

    /// Creates a factory.
    /// - Parameters:
    ///   - entraTokens: Tokens for connection strings without a key (``EntraRelayTokenProvider``); `nil` requires a key.
    ///   - endpointOverride: Another WebSocket endpoint for every namespace, for tests; `nil` in production.
    ///   - connectAllowance: Time allowed on top of a query's timeout to reach the agent.
    ///   - logger: Where diagnostics go (never keys or tokens); nothing is logged by default.
    public init(
        entraTokens: (any RelayTokenProvider)? = nil, endpointOverride: URL? = nil, connectAllowance: Duration = .seconds(30),
        logger: Logger = Logger(label: "daibai.relay.connector", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.entraTokens = entraTokens
        self.endpointOverride = endpointOverride
        self.connectAllowance = connectAllowance
        self.logger = logger
    }

    /// A ``RelayDatabaseConnector`` for `server`, acting for `context`'s tenant.
    public func connector(for server: DataServer, connectionString: SecretValue, context: RequestContext) async throws(DatabaseDirectoryError) -> any DatabaseConnector {
        let parsed: RelayConnectionString
        do {
            parsed = try RelayConnectionString(connectionString, endpointOverride: endpointOverride)
        } catch {
            throw .unavailable(name: server.name, reason: "its connection secret '\(server.connectionSecret)' is not a relay connection string: \(error.description)")
        }
        guard let tokens: any RelayTokenProvider = parsed.sharedAccessKeyProvider() ?? entraTokens else {
            throw .unavailable(name: server.name, reason: "its relay connection string has no SharedAccessKey and no Entra credential was configured")
        }
        let client = HybridConnectionClient(address: parsed.address, tokens: tokens, logger: logger)
        return RelayDatabaseConnector(database: server.name, dialect: server.dialect, tenant: context.tenant, client: client, connectAllowance: connectAllowance)
    }
}
