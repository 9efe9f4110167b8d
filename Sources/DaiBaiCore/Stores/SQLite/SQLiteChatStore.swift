import Foundation
import GRDB
import Logging

/// A ``ChatStore`` kept in a local SQLite database.
///
/// Every row carries its tenant, and every query filters by the caller's tenant and user:
/// another user's or tenant's conversation behaves exactly as if it did not exist.
/// Conversation identifiers are unique per tenant, so creating one with an identifier
/// that another user of the same tenant already uses throws ``ChatStoreError/conversationExists(id:)``.
///
/// Times are kept to the millisecond. Conversations are listed most recently updated
/// first (ties by identifier); messages carry a per-conversation sequence assigned inside
/// the write transaction that appends them, so concurrent appends never share a number.
public final class SQLiteChatStore: ChatStore {
    /// The database the store lives in (it can be shared with other stores).
    public let database: SQLiteDatabase

    private let clock: @Sendable () -> Date
    private let idGenerator: @Sendable () -> String
    private let logger: Logger

    /// Uses `database`, applying the chat migrations (`chat.v1`) when needed.
    /// - Parameters:
    ///   - database: The database to use.
    ///   - clock: The current time; inject a fixed clock for deterministic tests.
    ///   - idGenerator: New conversation and message identifiers (defaults to lowercase UUIDs).
    ///   - logger: Where diagnostics go; nothing is logged by default.
    public init(
        database: SQLiteDatabase,
        clock: @escaping @Sendable () -> Date = { Date() },
        idGenerator: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
        logger: Logger = Logger(label: "daibai.chat.sqlite", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(ChatStoreError) {
        self.database = database
        self.clock = clock
        self.idGenerator = idGenerator
        self.logger = logger
        try database.migrate(Self.migrator, operation: "migrate chat tables", mapError: Self.backend)
    }

    /// Opens (creating if needed) the database file at `path` and uses it.
    /// - Parameters:
    ///   - path: The database file path; its directory is created when missing.
    ///   - clock: The current time; inject a fixed clock for deterministic tests.
    ///   - idGenerator: New conversation and message identifiers (defaults to lowercase UUIDs).
    ///   - logger: Where diagnostics go; nothing is logged by default.
    public convenience init(
        path: String,
        clock: @escaping @Sendable () -> Date = { Date() },
        idGenerator: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
        logger: Logger = Logger(label: "daibai.chat.sqlite", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(ChatStoreError) {
        let database: SQLiteDatabase
        do {
            database = try SQLiteDatabase(path: path, logger: logger)
        } catch {
            throw Self.backend(error)
        }
        try self.init(database: database, clock: clock, idGenerator: idGenerator, logger: logger)
    }

    static func backend(_ error: SQLiteDatabaseError) -> ChatStoreError { .backend(error.description) }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("chat.v1") { db in
            try db.execute(sql: """
                CREATE TABLE conversations (
                    tenant_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    title TEXT NOT NULL,
                    database_name TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                );
                CREATE INDEX conversations_by_user ON conversations (tenant_id, user_id, updated_at);
                CREATE TABLE messages (
                    tenant_id TEXT NOT NULL,
                    conversation_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    role TEXT NOT NULL,
                    content TEXT NOT NULL,
                    sql TEXT,
                    result_json TEXT,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, conversation_id, sequence),
                    FOREIGN KEY (tenant_id, conversation_id)
                        REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
                );
                CREATE INDEX messages_by_conversation ON messages (tenant_id, conversation_id, sequence);
                """)
        }
        return migrator
    }

    // MARK: - ChatStore

    /// Creates a conversation owned by the caller; with `id` `nil` a new identifier is generated.
    ///
    /// Throws ``ChatStoreError/conversationExists(id:)`` when the caller's tenant already has `id`,
    /// and ``ChatStoreError/invalidArgument(_:)`` for a bad identifier or a title that is too long.
    public func createConversation(id: String?, title: String, databaseName: String?, context: RequestContext) async throws(ChatStoreError) -> Conversation {
        try ChatStoreLimits.validateTitle(title)
        let id = id ?? idGenerator()
        try ChatStoreLimits.validateConversationID(id)
        let now = SQLiteTime.rounded(clock())
        let conversation = Conversation(
            id: id, tenant: context.tenant, user: context.user, title: title,
            databaseName: databaseName, createdAt: now, updatedAt: now)
        return try await database.write("create conversation", mapError: Self.backend) { db in
            let exists = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM conversations WHERE tenant_id = ? AND id = ?)",
                arguments: [context.tenant.rawValue, id]) ?? false
            if exists { throw ChatStoreError.conversationExists(id: id) }
            try db.execute(
                sql: """
                    INSERT INTO conversations (tenant_id, id, user_id, title, database_name, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    context.tenant.rawValue, id, context.user.rawValue, title, databaseName,
                    SQLiteTime.milliseconds(now), SQLiteTime.milliseconds(now),
                ])
            return conversation
        }
    }

    /// The caller's conversation `id`, or `nil` (also for another user's or tenant's).
    public func conversation(id: String, context: RequestContext) async throws(ChatStoreError) -> Conversation? {
        try ChatStoreLimits.validateConversationID(id)
        return try await database.read("read conversation", mapError: Self.backend) { db in
            try Self.fetchConversation(db, id: id, context: context)
        }
    }

    /// The caller's conversations, most recently updated first (ties by identifier), at most `limit`.
    public func conversations(limit: Int, context: RequestContext) async throws(ChatStoreError) -> [Conversation] {
        try ChatStoreLimits.validateLimit(limit)
        return try await database.read("list conversations", mapError: Self.backend) { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM conversations WHERE tenant_id = ? AND user_id = ?
                    ORDER BY updated_at DESC, id ASC LIMIT ?
                    """,
                arguments: [context.tenant.rawValue, context.user.rawValue, limit])
            return try rows.map(Self.conversation(from:))
        }
    }

    /// Renames the caller's conversation `id` and bumps its update time.
    public func renameConversation(id: String, title: String, context: RequestContext) async throws(ChatStoreError) -> Conversation {
        try ChatStoreLimits.validateConversationID(id)
        try ChatStoreLimits.validateTitle(title)
        let now = SQLiteTime.rounded(clock())
        return try await database.write("rename conversation", mapError: Self.backend) { db in
            guard var conversation = try Self.fetchConversation(db, id: id, context: context) else {
                throw ChatStoreError.conversationNotFound(id: id)
            }
            try db.execute(
                sql: "UPDATE conversations SET title = ?, updated_at = ? WHERE tenant_id = ? AND user_id = ? AND id = ?",
                arguments: [title, SQLiteTime.milliseconds(now), context.tenant.rawValue, context.user.rawValue, id])
            conversation.title = title
            conversation.updatedAt = now
            return conversation
        }
    }

    /// Deletes the caller's conversation `id` and its messages.
    public func deleteConversation(id: String, context: RequestContext) async throws(ChatStoreError) {
        try ChatStoreLimits.validateConversationID(id)
        try await database.write("delete conversation", mapError: Self.backend) { db in
            try db.execute(
                sql: "DELETE FROM conversations WHERE tenant_id = ? AND user_id = ? AND id = ?",
                arguments: [context.tenant.rawValue, context.user.rawValue, id])
            if db.changesCount == 0 { throw ChatStoreError.conversationNotFound(id: id) }
        }
    }

    /// Appends `message` to the caller's conversation `id`, assigning the next sequence number,
    /// and bumps the conversation's update time.
    public func appendMessage(_ message: ChatMessageDraft, toConversation id: String, context: RequestContext) async throws(ChatStoreError) -> ChatMessage {
        try ChatStoreLimits.validateConversationID(id)
        let resultJSON: String?
        if let result = message.result {
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                resultJSON = String(decoding: try encoder.encode(result), as: UTF8.self)
            } catch {
                throw .backend("append message failed: cannot encode the query result as JSON (\(type(of: error)))")
            }
        } else {
            resultJSON = nil
        }
        let now = SQLiteTime.rounded(clock())
        let messageID = idGenerator()
        return try await database.write("append message", mapError: Self.backend) { db in
            guard try Self.fetchConversation(db, id: id, context: context) != nil else {
                throw ChatStoreError.conversationNotFound(id: id)
            }
            let sequence = try Int.fetchOne(
                db,
                sql: "SELECT COALESCE(MAX(sequence) + 1, 0) FROM messages WHERE tenant_id = ? AND conversation_id = ?",
                arguments: [context.tenant.rawValue, id]) ?? 0
            try db.execute(
                sql: """
                    INSERT INTO messages (tenant_id, conversation_id, id, sequence, role, content, sql, result_json, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    context.tenant.rawValue, id, messageID, sequence, message.role.rawValue,
                    message.content, message.sql, resultJSON, SQLiteTime.milliseconds(now),
                ])
            try db.execute(
                sql: "UPDATE conversations SET updated_at = ? WHERE tenant_id = ? AND user_id = ? AND id = ?",
                arguments: [SQLiteTime.milliseconds(now), context.tenant.rawValue, context.user.rawValue, id])
            return ChatMessage(
                id: messageID, conversationID: id, sequence: sequence, role: message.role,
                content: message.content, sql: message.sql, result: message.result, createdAt: now)
        }
    }

    /// The last `limit` messages of the caller's conversation `id`, oldest first.
    public func messages(inConversation id: String, limit: Int, context: RequestContext) async throws(ChatStoreError) -> [ChatMessage] {
        try ChatStoreLimits.validateConversationID(id)
        try ChatStoreLimits.validateLimit(limit)
        return try await database.read("read messages", mapError: Self.backend) { db in
            guard try Self.fetchConversation(db, id: id, context: context) != nil else {
                throw ChatStoreError.conversationNotFound(id: id)
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM (
                        SELECT * FROM messages WHERE tenant_id = ? AND conversation_id = ?
                        ORDER BY sequence DESC LIMIT ?
                    ) ORDER BY sequence ASC
                    """,
                arguments: [context.tenant.rawValue, id, limit])
            return try rows.map(Self.message(from:))
        }
    }

    // MARK: - Rows

    private static func fetchConversation(_ db: Database, id: String, context: RequestContext) throws -> Conversation? {
        let row = try Row.fetchOne(
            db, sql: "SELECT * FROM conversations WHERE tenant_id = ? AND user_id = ? AND id = ?",
            arguments: [context.tenant.rawValue, context.user.rawValue, id])
        return try row.map(conversation(from:))
    }

    private static func conversation(from row: Row) throws -> Conversation {
        let tenantRaw: String = try row.decode(String.self, forColumn: "tenant_id")
        let userRaw: String = try row.decode(String.self, forColumn: "user_id")
        guard let tenant = TenantID(rawValue: tenantRaw), let user = UserID(rawValue: userRaw) else {
            throw ChatStoreError.backend("read conversation failed: a stored row has an invalid tenant or user id")
        }
        return Conversation(
            id: try row.decode(String.self, forColumn: "id"),
            tenant: tenant, user: user,
            title: try row.decode(String.self, forColumn: "title"),
            databaseName: try row.decode(String?.self, forColumn: "database_name"),
            createdAt: SQLiteTime.date(milliseconds: try row.decode(Int64.self, forColumn: "created_at")),
            updatedAt: SQLiteTime.date(milliseconds: try row.decode(Int64.self, forColumn: "updated_at")))
    }

    private static func message(from row: Row) throws -> ChatMessage {
        let roleRaw: String = try row.decode(String.self, forColumn: "role")
        guard let role = ChatRole(rawValue: roleRaw) else {
            throw ChatStoreError.backend("read messages failed: a stored message has the unknown role '\(roleRaw)'")
        }
        var result: StoredQueryResult?
        if let json = try row.decode(String?.self, forColumn: "result_json") {
            do {
                result = try JSONDecoder().decode(StoredQueryResult.self, from: Data(json.utf8))
            } catch {
                throw ChatStoreError.backend("read messages failed: a stored query result is not valid JSON (\(type(of: error)))")
            }
        }
        return ChatMessage(
            id: try row.decode(String.self, forColumn: "id"),
            conversationID: try row.decode(String.self, forColumn: "conversation_id"),
            sequence: try row.decode(Int.self, forColumn: "sequence"),
            role: role,
            content: try row.decode(String.self, forColumn: "content"),
            sql: try row.decode(String?.self, forColumn: "sql"),
            result: result,
            createdAt: SQLiteTime.date(milliseconds: try row.decode(Int64.self, forColumn: "created_at")))
    }
}
