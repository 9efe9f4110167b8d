import Foundation

/// Where a data server runs, which decides how it is reached.
public enum DataServerLocation: String, Sendable, Hashable, Codable, CaseIterable {
    /// Reachable from the cloud directly.
    case cloud
    /// Behind a firewall at the tenant's site; reached through a relay.
    case onPremises = "on-premises"
}

/// A data server a tenant has registered.
///
/// The connection string itself is never stored here: ``connectionSecret`` names the
/// secret (in the tenant's ``SecretStore``) that holds it.
public struct DataServer: Sendable, Hashable, Codable {
    /// The server's name, unique inside its tenant (1–64 characters of `[A-Za-z0-9_-]`).
    public var name: String
    /// The SQL dialect it speaks.
    public var dialect: SQLDialect
    /// Where it runs.
    public var location: DataServerLocation
    /// The secret that holds its connection string.
    public var connectionSecret: SecretName
    /// A description shown to users and to the model.
    public var summary: String?

    /// Creates a data server entry.
    public init(name: String, dialect: SQLDialect, location: DataServerLocation, connectionSecret: SecretName, summary: String? = nil) {
        self.name = name
        self.dialect = dialect
        self.location = location
        self.connectionSecret = connectionSecret
        self.summary = summary
    }
}

/// A data server entry as stored, with its owner and times.
public struct DataServerRecord: Sendable, Hashable, Codable {
    /// The tenant that registered it.
    public var tenant: TenantID
    /// The entry.
    public var server: DataServer
    /// When it was first registered.
    public var createdAt: Date
    /// When it was last changed.
    public var updatedAt: Date

    /// Creates a record.
    public init(tenant: TenantID, server: DataServer, createdAt: Date, updatedAt: Date) {
        self.tenant = tenant
        self.server = server
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
