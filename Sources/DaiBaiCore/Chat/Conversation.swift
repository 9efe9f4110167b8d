import Foundation

/// A conversation between one user of a tenant and the assistant.
public struct Conversation: Sendable, Hashable, Codable, Identifiable {
    /// The conversation's identifier, unique inside its tenant.
    public var id: String
    /// The owning tenant.
    public var tenant: TenantID
    /// The owning user.
    public var user: UserID
    /// A human-readable title.
    public var title: String
    /// The data server the conversation queries, if any.
    public var databaseName: String?
    /// When the conversation was created.
    public var createdAt: Date
    /// When a message was last added or the conversation was renamed.
    public var updatedAt: Date

    /// Creates a conversation value.
    public init(id: String, tenant: TenantID, user: UserID, title: String, databaseName: String?, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.tenant = tenant
        self.user = user
        self.title = title
        self.databaseName = databaseName
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
