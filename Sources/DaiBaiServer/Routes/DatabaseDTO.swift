import DaiBaiCore
import Foundation

/// A database as the API shows it: never its connection string.
public struct DatabaseBody: Sendable, Codable, Hashable {
    /// The name.
    public var name: String
    /// `sqlite`, `postgresql`, …
    public var dialect: String
    /// `cloud` or `on-premises`.
    public var location: String
    /// A short description.
    public var summary: String?
    /// Whether it is the shared sample (read-only).
    public var shared: Bool

    init(_ server: DataServer) {
        name = server.name
        dialect = server.dialect.rawValue
        location = server.location.rawValue
        summary = server.summary
        shared = false
    }

    init(sampleNamed name: String) {
        self.name = name
        dialect = SQLDialect.sqlite.rawValue
        location = DataServerLocation.cloud.rawValue
        summary = "The bundled music-store sample (shared, read-only)."
        shared = true
    }
}

/// `GET /v1/databases`.
public struct DatabaseListBody: Sendable, Codable, Hashable {
    /// The tenant's databases and the shared ones.
    public var databases: [DatabaseBody]
}

/// The body of `PUT /v1/databases/{name}`.
public struct PutDatabaseBody: Sendable, Decodable {
    /// `sqlite` or `postgresql`.
    public var dialect: String
    /// `cloud` or `on-premises`.
    public var location: String
    /// A short description.
    public var summary: String?
    /// The connection string; kept only in the secret store.
    public var connectionString: String
}
