import Crypto
import Logging
import Synchronization

/// The databases a tenant registered in its ``DataInventory``, opened with the connection
/// string held in the tenant's ``SecretStore`` (the multi-tenant path of the seed design).
///
/// Connection strings: `sqlite:///absolute/path.sqlite` (or `file:/…`) for SQLite,
/// `postgres://…` / `postgresql://…` for PostgreSQL. Connectors are kept per tenant and
/// database and rebuilt when the secret changes (only a SHA-256 digest of the connection
/// string is kept to notice that). On-premises servers are reached through the
/// ``OnPremisesConnectorFactory`` given at creation (DaiBaiRelay's relay connector); without
/// one they are reported as unavailable with that reason.
public final class InventoryDatabaseDirectory: DatabaseDirectory {
    private struct Key: Hashable {
        var tenant: TenantID
        var name: String
    }

    private struct Cached {
        var digest: [UInt8]
        var connector: any DatabaseConnector
    }

    private let inventory: any DataInventory
    private let secrets: any SecretStore
    private let defaultName: String?
    private let onPremises: (any OnPremisesConnectorFactory)?
    private let logger: Logger
    private let connectors = Mutex<[Key: Cached]>([:])

    /// Creates a directory over `inventory` and `secrets`.
    /// - Parameters:
    ///   - inventory: The tenants' registered data servers.
    ///   - secrets: Where their connection strings are kept.
    ///   - defaultName: The server used when a request names none.
    ///   - onPremises: How on-premises servers are reached; `nil` reports them as unavailable.
    ///   - logger: Where diagnostics go (never connection strings); nothing is logged by default.
    public init(
        inventory: any DataInventory, secrets: any SecretStore, defaultName: String? = nil,
        onPremises: (any OnPremisesConnectorFactory)? = nil,
        logger: Logger = Logger(label: "daibai.databases.inventory", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.inventory = inventory
        self.secrets = secrets
        self.defaultName = defaultName
        self.onPremises = onPremises
        self.logger = logger
    }

    /// The caller's tenant's server `name` (or the default), connected.
    public func database(named name: String?, context: RequestContext) async throws(DatabaseDirectoryError) -> ResolvedDatabase {
        guard let wanted = name ?? defaultName else { throw .notFound(name: nil) }
        let record: DataServerRecord?
        do {
            record = try await inventory.server(named: wanted, context: context)
        } catch {
            throw .unavailable(name: wanted, reason: error.description)
        }
        guard let server = record?.server else { throw .notFound(name: wanted) }
        if server.location == .onPremises, onPremises == nil {
            throw .unavailable(name: wanted, reason: "it is on-premises and needs the relay, but this directory has no on-premises connector factory (give it DaiBaiRelay's RelayConnectorFactory)")
        }
        let connectionString: SecretValue
        do {
            guard let value = try await secrets.secret(named: server.connectionSecret, context: context) else {
                throw DatabaseDirectoryError.unavailable(name: wanted, reason: "its connection secret '\(server.connectionSecret)' is not set for this tenant")
            }
            connectionString = value
        } catch let error as DatabaseDirectoryError {
            throw error
        } catch {
            throw .unavailable(name: wanted, reason: "\(error)")
        }
        let key = Key(tenant: context.tenant, name: wanted)
        let digest = Array(SHA256.hash(data: Array(connectionString.revealed().utf8)))
        if let cached = connectors.withLock({ $0[key] }), cached.digest == digest {
            return ResolvedDatabase(name: wanted, connector: cached.connector)
        }
        let made: any DatabaseConnector
        if server.location == .onPremises, let onPremises {
            made = try await onPremises.connector(for: server, connectionString: connectionString, context: context)
        } else {
            made = try Self.makeConnector(server: server, connectionString: connectionString)
        }
        // Another request may have connected meanwhile: keep the first connector for this secret,
        // and close whichever connector is not kept (a stale one, or ours when we lost the race).
        let (kept, discarded) = connectors.withLock { entries -> (any DatabaseConnector, (any DatabaseConnector)?) in
            if let current = entries[key], current.digest == digest { return (current.connector, made) }
            let stale = entries[key]?.connector
            entries[key] = Cached(digest: digest, connector: made)
            return (made, stale)
        }
        if let postgres = discarded as? PostgresConnector {
            await postgres.shutdown()
        }
        return ResolvedDatabase(name: wanted, connector: kept)
    }

    /// The caller's tenant's registered server names.
    public func databaseNames(context: RequestContext) async throws(DatabaseDirectoryError) -> [String] {
        do {
            return try await inventory.servers(context: context).map(\.server.name)
        } catch {
            throw .unavailable(name: "*", reason: error.description)
        }
    }

    /// Shuts down the connection pools this directory opened.
    public func shutdown() async {
        let all = connectors.withLock { entries in
            defer { entries.removeAll() }
            return entries.values.map(\.connector)
        }
        for case let postgres as PostgresConnector in all {
            await postgres.shutdown()
        }
    }

    static func makeConnector(server: DataServer, connectionString: SecretValue) throws(DatabaseDirectoryError) -> any DatabaseConnector {
        let text = connectionString.revealed()
        do {
            switch server.dialect {
            case .sqlite:
                let path: Substring
                if text.hasPrefix("sqlite://") {
                    path = text.dropFirst("sqlite://".count)
                } else if text.hasPrefix("file:") {
                    let rest = text.dropFirst("file:".count).drop(while: { $0 == "/" })
                    path = rest.isEmpty ? "" : Substring("/" + rest)
                } else {
                    path = Substring(text)
                }
                guard path.hasPrefix("/") else {
                    throw DatabaseDirectoryError.unavailable(name: server.name, reason: "a SQLite connection string must be sqlite:///absolute/path")
                }
                return try SQLiteConnector(path: String(path))
            case .postgresql:
                return try PostgresConnector(connectionString: connectionString)
            case .mysql, .sqlserver:
                throw DatabaseDirectoryError.unavailable(name: server.name, reason: "this version has no \(server.dialect) connector yet")
            }
        } catch let error as DatabaseDirectoryError {
            throw error
        } catch let error as DatabaseError {
            throw .unavailable(name: server.name, reason: error.description)
        } catch {
            throw .unavailable(name: server.name, reason: "the connector could not be created")
        }
    }
}
