import DaiBaiCore
import Foundation
import Logging

/// A ``DaiBaiCore/ChatStore`` in Redis, shared by every process that uses the same server and key prefix.
///
/// Keys (see `Docs/Redis.md`): a hash per conversation under
/// `<prefix>:t:<tenant>:conversation:<id>` (ids are unique per tenant), a list of its messages
/// (JSON) under `…:<id>:messages`, and per user a sorted set of conversation ids scored by
/// minus the update time, so that listing is most recently updated first with ties by id.
/// Every write is one Lua script, so create-if-absent, append (next sequence, bumped update
/// time) and delete-with-messages are atomic. Another user's or tenant's conversation behaves
/// exactly as if it did not exist. Times are kept to the millisecond.
public final class RedisChatStore: ChatStore {
    /// The client the store talks through (it can be shared with other stores).
    public let client: RedisClient
    private let keys: RedisChatKeys
    private let clock: @Sendable () -> Date
    private let idGenerator: @Sendable () -> String
    private let logger: Logger

    /// A store over `client` whose keys start with `keyPrefix`.
    /// - Parameters:
    ///   - client: The Redis client.
    ///   - keyPrefix: The first part of every key (`daibai` by default); several deployments can share one Redis with distinct prefixes.
    ///   - clock: The current time; inject a fixed clock for deterministic tests.
    ///   - idGenerator: New conversation and message identifiers (defaults to lowercase UUIDs).
    ///   - logger: Where diagnostics go; nothing is logged by default.
    public init(
        client: RedisClient,
        keyPrefix: String = "daibai",
        clock: @escaping @Sendable () -> Date = { Date() },
        idGenerator: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
        logger: Logger = Logger(label: "daibai.chat.redis", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.client = client
        self.keys = RedisChatKeys(prefix: keyPrefix)
        self.clock = clock
        self.idGenerator = idGenerator
        self.logger = logger
    }

    /// Creates a conversation owned by the caller; with `id` `nil` a new identifier is generated.
    ///
    /// Throws ``DaiBaiCore/ChatStoreError/conversationExists(id:)`` when the caller's tenant already has `id`.
    public func createConversation(id: String?, title: String, databaseName: String?, context: RequestContext) async throws(ChatStoreError) -> Conversation {
        try ChatStoreLimits.validateTitle(title)
        let id = id ?? idGenerator()
        try ChatStoreLimits.validateConversationID(id)
        let now = RedisTime.milliseconds(clock())
        let reply = try await run("create conversation") { () throws(RedisError) -> RESPValue in
            try await client.eval(
                RedisChatScripts.create,
                keys: [keys.conversation(id, tenant: context.tenant), keys.index(context)],
                arguments: [id, context.user.rawValue, title, "\(now)", databaseName == nil ? "0" : "1", databaseName ?? "", "\(-now)"])
        }
        guard reply.integer == 1 else { throw .conversationExists(id: id) }
        let time = RedisTime.date(milliseconds: now)
        return Conversation(id: id, tenant: context.tenant, user: context.user, title: title, databaseName: databaseName, createdAt: time, updatedAt: time)
    }

    /// The caller's conversation `id`, or `nil` (also for another user's or tenant's).
    public func conversation(id: String, context: RequestContext) async throws(ChatStoreError) -> Conversation? {
        try ChatStoreLimits.validateConversationID(id)
        let fields = try await run("read conversation") { () throws(RedisError) -> [String: String] in
            try await client.hgetall(keys.conversation(id, tenant: context.tenant))
        }
        guard !fields.isEmpty, fields["user"] == context.user.rawValue else { return nil }
        return try Self.conversation(fields, context: context)
    }

    /// The caller's conversations, most recently updated first (ties by identifier), at most `limit`.
    public func conversations(limit: Int, context: RequestContext) async throws(ChatStoreError) -> [Conversation] {
        try ChatStoreLimits.validateLimit(limit)
        let reply = try await run("list conversations") { () throws(RedisError) -> RESPValue in
            try await client.eval(
                RedisChatScripts.list, keys: [keys.index(context)],
                arguments: ["\(min(limit, Int(Int32.max)))", keys.conversationPrefix(context.tenant)])
        }
        guard let entries = reply.array else { throw .backend("list conversations failed: Redis returned a \(reply.kindName)") }
        var conversations: [Conversation] = []
        for entry in entries {
            let fields = try Self.fields(entry, operation: "list conversations")
            guard !fields.isEmpty, fields["user"] == context.user.rawValue else { continue }
            conversations.append(try Self.conversation(fields, context: context))
        }
        return conversations
    }

    /// Renames the caller's conversation `id` and bumps its update time.
    public func renameConversation(id: String, title: String, context: RequestContext) async throws(ChatStoreError) -> Conversation {
        try ChatStoreLimits.validateConversationID(id)
        try ChatStoreLimits.validateTitle(title)
        let now = RedisTime.milliseconds(clock())
        let reply = try await run("rename conversation") { () throws(RedisError) -> RESPValue in
            try await client.eval(
                RedisChatScripts.rename,
                keys: [keys.conversation(id, tenant: context.tenant), keys.index(context)],
                arguments: [context.user.rawValue, title, "\(now)", "\(-now)", id])
        }
        if reply.isNull { throw .conversationNotFound(id: id) }
        return try Self.conversation(try Self.fields(reply, operation: "rename conversation"), context: context)
    }

    /// Deletes the caller's conversation `id` and its messages.
    public func deleteConversation(id: String, context: RequestContext) async throws(ChatStoreError) {
        try ChatStoreLimits.validateConversationID(id)
        let reply = try await run("delete conversation") { () throws(RedisError) -> RESPValue in
            try await client.eval(
                RedisChatScripts.delete,
                keys: [keys.conversation(id, tenant: context.tenant), keys.index(context), keys.messages(id, tenant: context.tenant)],
                arguments: [context.user.rawValue, id])
        }
        guard reply.integer == 1 else { throw .conversationNotFound(id: id) }
    }

    /// Appends `message` to the caller's conversation `id` with the next sequence number, and
    /// bumps the conversation's update time, in one atomic script.
    public func appendMessage(_ message: ChatMessageDraft, toConversation id: String, context: RequestContext) async throws(ChatStoreError) -> ChatMessage {
        try ChatStoreLimits.validateConversationID(id)
        let now = RedisTime.milliseconds(clock())
        let stored = RedisStoredMessage(id: idGenerator(), role: message.role, content: message.content, sql: message.sql, result: message.result, createdAt: now)
        let json = try stored.encoded()
        let reply = try await run("append message") { () throws(RedisError) -> RESPValue in
            try await client.eval(
                RedisChatScripts.append,
                keys: [keys.conversation(id, tenant: context.tenant), keys.index(context), keys.messages(id, tenant: context.tenant)],
                arguments: [context.user.rawValue, id, "\(now)", "\(-now)", json])
        }
        guard let sequence = reply.integer else { throw .backend("append message failed: Redis returned a \(reply.kindName)") }
        guard sequence >= 0 else { throw .conversationNotFound(id: id) }
        return ChatMessage(
            id: stored.id, conversationID: id, sequence: Int(sequence), role: message.role, content: message.content,
            sql: message.sql, result: message.result, createdAt: RedisTime.date(milliseconds: now))
    }

    /// The last `limit` messages of the caller's conversation `id`, oldest first.
    public func messages(inConversation id: String, limit: Int, context: RequestContext) async throws(ChatStoreError) -> [ChatMessage] {
        try ChatStoreLimits.validateConversationID(id)
        try ChatStoreLimits.validateLimit(limit)
        let reply = try await run("read messages") { () throws(RedisError) -> RESPValue in
            try await client.eval(
                RedisChatScripts.messages,
                keys: [keys.conversation(id, tenant: context.tenant), keys.messages(id, tenant: context.tenant)],
                arguments: [context.user.rawValue, "\(min(limit, Int(Int32.max)))"])
        }
        if reply.isNull { throw .conversationNotFound(id: id) }
        guard let parts = reply.array, parts.count == 2, let total = parts[0].integer, let items = parts[1].array else {
            throw .backend("read messages failed: Redis returned an unexpected \(reply.kindName)")
        }
        let first = Int(total) - items.count
        var messages: [ChatMessage] = []
        messages.reserveCapacity(items.count)
        for (offset, item) in items.enumerated() {
            guard let bytes = item.bytes else { throw .backend("read messages failed: a stored message is a \(item.kindName)") }
            let stored = try RedisStoredMessage.decode(bytes)
            messages.append(ChatMessage(
                id: stored.id, conversationID: id, sequence: first + offset, role: stored.role, content: stored.content,
                sql: stored.sql, result: stored.result, createdAt: RedisTime.date(milliseconds: stored.createdAt)))
        }
        return messages
    }

    // MARK: - Helpers

    private func run<T>(_ operation: String, _ body: () async throws(RedisError) -> T) async throws(ChatStoreError) -> T {
        do {
            return try await body()
        } catch {
            logger.error("Redis chat store call failed", metadata: ["operation": "\(operation)", "error": "\(error)"])
            throw .backend("\(operation) failed: \(error)")
        }
    }

    private static func fields(_ value: RESPValue, operation: String) throws(ChatStoreError) -> [String: String] {
        guard let elements = value.array else { throw .backend("\(operation) failed: Redis returned a \(value.kindName)") }
        do {
            return try RedisClient.fieldMap(elements, command: "HGETALL")
        } catch {
            throw .backend("\(operation) failed: \(error)")
        }
    }

    private static func conversation(_ fields: [String: String], context: RequestContext) throws(ChatStoreError) -> Conversation {
        guard let id = fields["id"], let title = fields["title"],
            let created = fields["created"].flatMap(Int64.init), let updated = fields["updated"].flatMap(Int64.init)
        else { throw .backend("read conversation failed: a stored conversation misses fields") }
        return Conversation(
            id: id, tenant: context.tenant, user: context.user, title: title, databaseName: fields["db"],
            createdAt: RedisTime.date(milliseconds: created), updatedAt: RedisTime.date(milliseconds: updated))
    }
}
