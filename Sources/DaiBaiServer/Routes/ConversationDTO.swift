import DaiBaiCore
import Foundation

/// A conversation, as listed.
public struct ConversationBody: Sendable, Codable, Hashable {
    /// Its id.
    public var id: String
    /// Its title.
    public var title: String
    /// The database it queries.
    public var database: String?
    /// When it was created (ISO 8601).
    public var createdAt: String
    /// When it last changed (ISO 8601).
    public var updatedAt: String

    init(_ conversation: Conversation) {
        id = conversation.id
        title = conversation.title
        database = conversation.databaseName
        createdAt = ISO8601DateFormatter().string(from: conversation.createdAt)
        updatedAt = ISO8601DateFormatter().string(from: conversation.updatedAt)
    }
}

/// One message of a conversation.
public struct MessageBody: Sendable, Codable, Hashable {
    /// Its id.
    public var id: String
    /// Its position.
    public var sequence: Int
    /// `user`, `assistant` or `system`.
    public var role: String
    /// The text.
    public var content: String
    /// The SQL of an answer.
    public var sql: String?
    /// When it was stored (ISO 8601).
    public var createdAt: String

    init(_ message: ChatMessage) {
        id = message.id
        sequence = message.sequence
        role = message.role.rawValue
        content = message.content
        sql = message.sql
        createdAt = ISO8601DateFormatter().string(from: message.createdAt)
    }
}

/// `GET /v1/conversations`.
public struct ConversationListBody: Sendable, Codable, Hashable {
    /// The caller's conversations, newest first.
    public var conversations: [ConversationBody]
}

/// `GET /v1/conversations/{id}`.
public struct ConversationDetailBody: Sendable, Codable, Hashable {
    /// The conversation.
    public var conversation: ConversationBody
    /// Its messages in order.
    public var messages: [MessageBody]
}
