import DaiBaiCore
import DaiBaiTesting
import Foundation
import Synchronization
import Testing

@Suite("Databases resolved from a tenant's inventory and secrets")
struct InventoryDatabaseDirectoryTests {
    let acme = RequestContext(tenant: TenantID(rawValue: "acme")!, user: .local)
    let globex = RequestContext(tenant: TenantID(rawValue: "globex")!, user: .local)

    @Test("a registered SQLite server opens with the connection string from the tenant's secret, and only for that tenant")
    func resolvesPerTenant() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/music.sqlite"
        try SampleDatabase.createMusicStore(at: path)
        let inventory = InMemoryDataInventory()
        let secrets = InMemorySecretStore()
        let secretName = try SecretName(validating: "MUSIC_DB_URL")
        try await inventory.register(DataServer(name: "music", dialect: .sqlite, location: .cloud, connectionSecret: secretName), context: acme)
        try await secrets.setSecret(SecretValue("sqlite://" + path), named: secretName, context: acme)
        let directory = InventoryDatabaseDirectory(inventory: inventory, secrets: secrets)

        let resolved = try await directory.database(named: "music", context: acme)
        let result = try await resolved.connector.executeReadOnly("SELECT count(*) FROM genres", options: QueryOptions())
        #expect(result.rows.first?.first == .integer(15))
        let again = try await directory.database(named: "music", context: acme)
        #expect(again.connector as AnyObject === resolved.connector as AnyObject, "the connector is reused while the secret is unchanged")
        #expect(try await directory.databaseNames(context: acme) == ["music"])

        await #expect(throws: DatabaseDirectoryError.notFound(name: "music")) {
            try await directory.database(named: "music", context: globex)
        }
        #expect(try await directory.databaseNames(context: globex).isEmpty)
    }

    @Test("missing secrets, on-premises servers and unsupported dialects are explained")
    func unavailable() async throws {
        let inventory = InMemoryDataInventory()
        let secrets = InMemorySecretStore()
        let secretName = try SecretName(validating: "DB_URL")
        try await inventory.register(DataServer(name: "nosecret", dialect: .sqlite, location: .cloud, connectionSecret: secretName), context: acme)
        try await inventory.register(DataServer(name: "onprem", dialect: .postgresql, location: .onPremises, connectionSecret: secretName), context: acme)
        try await inventory.register(DataServer(name: "mysql", dialect: .mysql, location: .cloud, connectionSecret: secretName), context: acme)
        let directory = InventoryDatabaseDirectory(inventory: inventory, secrets: secrets)

        let missing = await #expect(throws: DatabaseDirectoryError.self) { try await directory.database(named: "nosecret", context: acme) }
        #expect(missing?.description.contains("DB_URL") == true)
        let relay = await #expect(throws: DatabaseDirectoryError.self) { try await directory.database(named: "onprem", context: acme) }
        #expect(relay?.description.contains("relay") == true)
        try await secrets.setSecret(SecretValue("mysql://u:hunter2@h/d"), named: secretName, context: acme)
        let mysql = await #expect(throws: DatabaseDirectoryError.self) { try await directory.database(named: "mysql", context: acme) }
        #expect(mysql?.description.contains("no mysql connector") == true)
        #expect(mysql?.description.contains("hunter2") == false)
    }

    @Test("on-premises servers go to the on-premises factory with the tenant's connection secret; cloud servers do not")
    func onPremisesFactory() async throws {
        let inventory = InMemoryDataInventory()
        let secrets = InMemorySecretStore()
        let secretName = try SecretName(validating: "WAREHOUSE_RELAY")
        try await inventory.register(DataServer(name: "warehouse", dialect: .postgresql, location: .onPremises, connectionSecret: secretName), context: acme)
        try await secrets.setSecret(SecretValue("Endpoint=sb://relay/;EntityPath=acme"), named: secretName, context: acme)
        let factory = RecordingOnPremisesFactory()
        let directory = InventoryDatabaseDirectory(inventory: inventory, secrets: secrets, onPremises: factory)

        let resolved = try await directory.database(named: "warehouse", context: acme)
        #expect(resolved.connector.dialect == .postgresql)
        #expect(factory.calls == ["acme/warehouse/Endpoint=sb://relay/;EntityPath=acme"])
        _ = try await directory.database(named: "warehouse", context: acme)
        #expect(factory.calls.count == 1, "the connector is reused while the secret is unchanged")
        await #expect(throws: DatabaseDirectoryError.notFound(name: "warehouse")) {
            try await directory.database(named: "warehouse", context: globex)
        }
        #expect(factory.calls.count == 1)
    }
}

/// Records what it is asked for and answers with an in-memory connector.
private final class RecordingOnPremisesFactory: OnPremisesConnectorFactory {
    private let recorded = Mutex<[String]>([])

    var calls: [String] { recorded.withLock { $0 } }

    func connector(for server: DataServer, connectionString: SecretValue, context: RequestContext) async throws(DatabaseDirectoryError) -> any DatabaseConnector {
        recorded.withLock { $0.append("\(context.tenant)/\(server.name)/\(connectionString.revealed())") }
        return InMemoryDatabaseConnector(dialect: server.dialect)
    }
}
