import DaiBaiCore
import Foundation

/// A registered data server as stored: one document per server, in its tenant's partition.
struct CosmosDataServerDocument: Codable, Sendable {
    static let type = "dataServer"

    var id: String
    var type: String = Self.type
    var tenantId: String
    var name: String
    var dialect: String
    var location: String
    var connectionSecret: String
    var summary: String?
    var createdAtMs: Int64
    var updatedAtMs: Int64

    /// The document id of server `name` (unique in the tenant's partition).
    static func documentID(_ name: String) -> String { "dataServer_\(name)" }

    init(tenant: TenantID, server: DataServer, createdAtMs: Int64, updatedAtMs: Int64) {
        self.id = Self.documentID(server.name)
        self.tenantId = tenant.rawValue
        self.name = server.name
        self.dialect = server.dialect.rawValue
        self.location = server.location.rawValue
        self.connectionSecret = server.connectionSecret.rawValue
        self.summary = server.summary
        self.createdAtMs = createdAtMs
        self.updatedAtMs = updatedAtMs
    }

    func record() throws(DataInventoryError) -> DataServerRecord {
        guard let tenant = TenantID(rawValue: tenantId),
            let dialect = SQLDialect(rawValue: dialect),
            let location = DataServerLocation(rawValue: location),
            let secret = SecretName(rawValue: connectionSecret)
        else {
            throw .backend("read data server failed: the stored entry '\(name)' has an invalid tenant, dialect, location or secret name")
        }
        return DataServerRecord(
            tenant: tenant,
            server: DataServer(name: name, dialect: dialect, location: location, connectionSecret: secret, summary: summary),
            createdAt: CosmosStoreTime.date(milliseconds: createdAtMs),
            updatedAt: CosmosStoreTime.date(milliseconds: updatedAtMs))
    }
}
