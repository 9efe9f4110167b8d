import DaiBaiCore
import Foundation

/// A conversation as stored: one document per conversation, in its tenant's partition.
///
/// `nextSequence` is the sequence the next message gets; appends advance it with an
/// `If-Match` replace, so two appends never get the same number. `incarnation` is new for every
/// conversation created, so messages left behind by a deleted conversation of the same id are
/// never shown in a new one.
struct CosmosConversationDocument: Codable, Sendable {
    static let type = "conversation"

    var id: String
    var type: String = Self.type
    var tenantId: String
    var userId: String
    var conversationId: String
    var title: String
    var databaseName: String?
    var createdAtMs: Int64
    var updatedAtMs: Int64
    var nextSequence: Int
    var incarnation: String

    /// The document id of conversation `conversationID` (unique in the tenant's partition).
    static func documentID(_ conversationID: String) -> String { "conversation_\(conversationID)" }

    func conversation() throws(ChatStoreError) -> Conversation {
        guard let tenant = TenantID(rawValue: tenantId), let user = UserID(rawValue: userId) else {
            throw .backend("read conversation failed: a stored conversation has an invalid tenant or user id")
        }
        return Conversation(
            id: conversationId, tenant: tenant, user: user, title: title, databaseName: databaseName,
            createdAt: CosmosStoreTime.date(milliseconds: createdAtMs),
            updatedAt: CosmosStoreTime.date(milliseconds: updatedAtMs))
    }
}

/// A chat message as stored: one document per message, next to its conversation.
struct CosmosMessageDocument: Codable, Sendable {
    static let type = "message"

    var id: String
    var type: String = Self.type
    var tenantId: String
    var conversationId: String
    var incarnation: String
    var messageId: String
    var sequence: Int
    var role: String
    var content: String
    var sql: String?
    var result: StoredQueryResult?
    var createdAtMs: Int64

    /// The document id of message `sequence` of a conversation incarnation; taken only once.
    static func documentID(incarnation: String, sequence: Int) -> String {
        "message_\(incarnation)_\(sequence)"
    }

    func message() throws(ChatStoreError) -> ChatMessage {
        guard let role = ChatRole(rawValue: role) else {
            throw .backend("read messages failed: a stored message has the unknown role '\(self.role)'")
        }
        return ChatMessage(
            id: messageId, conversationID: conversationId, sequence: sequence, role: role, content: content,
            sql: sql, result: result, createdAt: CosmosStoreTime.date(milliseconds: createdAtMs))
    }
}

/// Only the id of a document, for queries that project `c.id`.
struct CosmosDocumentID: Codable, Sendable {
    var id: String
}
