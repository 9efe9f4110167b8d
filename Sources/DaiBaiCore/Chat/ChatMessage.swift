import Foundation

/// Who wrote a chat message.
public enum ChatRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Instructions to the model.
    case system
    /// The person asking.
    case user
    /// The assistant's answer.
    case assistant
}

/// A message to append to a conversation; the store assigns its identifier and time.
public struct ChatMessageDraft: Sendable, Hashable {
    /// Who wrote it.
    public var role: ChatRole
    /// The text.
    public var content: String
    /// The SQL the assistant produced, if any.
    public var sql: String?
    /// The (capped) result of running ``sql``, if it ran.
    public var result: StoredQueryResult?

    /// Creates a draft message.
    public init(role: ChatRole, content: String, sql: String? = nil, result: StoredQueryResult? = nil) {
        self.role = role
        self.content = content
        self.sql = sql
        self.result = result
    }
}

/// A stored chat message.
public struct ChatMessage: Sendable, Hashable, Codable, Identifiable {
    /// The message's identifier.
    public var id: String
    /// The conversation it belongs to.
    public var conversationID: String
    /// Its position in the conversation, starting at 0.
    public var sequence: Int
    /// Who wrote it.
    public var role: ChatRole
    /// The text.
    public var content: String
    /// The SQL the assistant produced, if any.
    public var sql: String?
    /// The (capped) result of running ``sql``, if it ran.
    public var result: StoredQueryResult?
    /// When it was stored.
    public var createdAt: Date

    /// Creates a message value.
    public init(id: String, conversationID: String, sequence: Int, role: ChatRole, content: String, sql: String?, result: StoredQueryResult?, createdAt: Date) {
        self.id = id
        self.conversationID = conversationID
        self.sequence = sequence
        self.role = role
        self.content = content
        self.sql = sql
        self.result = result
        self.createdAt = createdAt
    }
}

/// A query result as kept in chat history: never unbounded.
///
/// Only the first rows are kept; ``rowCount`` says how many the query returned and
/// ``truncated`` whether rows were dropped.
public struct StoredQueryResult: Sendable, Hashable, Codable {
    /// Column names.
    public var columns: [String]
    /// The kept rows, rendered as text (`nil` is SQL NULL).
    public var rows: [[String?]]
    /// How many rows the query returned in all.
    public var rowCount: Int
    /// Whether rows were dropped to respect the cap.
    public var truncated: Bool

    /// Keeps at most `maxRows` of `rows`; ``rowCount`` is `totalRows` (or the number of rows given).
    public init(columns: [String], rows: [[String?]], totalRows: Int? = nil, maxRows: Int = 100) {
        let cap = max(0, maxRows)
        self.columns = columns
        self.rows = Array(rows.prefix(cap))
        self.rowCount = max(totalRows ?? rows.count, rows.count)
        self.truncated = self.rowCount > self.rows.count
    }
}
