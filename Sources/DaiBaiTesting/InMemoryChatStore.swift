import DaiBaiCore
import Foundation
import Synchronization

/// A ``ChatStore`` kept in memory, for tests.
///
/// Behaves exactly like ``SQLiteChatStore``: the same validation (``ChatStoreLimits``) and
/// errors, conversation identifiers unique per tenant, every call scoped to the caller's
/// tenant and user (another's conversation behaves as not found), conversations listed most
/// recently updated first (ties by identifier), the last `limit` messages returned oldest
/// first, sequence numbers from 0, and times kept to the millisecond.
public final class InMemoryChatStore: ChatStore {
    private struct Key: Hashable {
        var tenant: TenantID
        var id: String
    }

    private struct Entry {
        var conversation: Conversation
        var messages: [ChatMessage]
    }

    private let state = Mutex<[Key: Entry]>([:])
    private let clock: @Sendable () -> Date
    private let idGenerator: @Sendable () -> String

    /// Creates an empty store.
    /// - Parameters:
    ///   - clock: The current time; inject a fixed clock for deterministic tests.
    ///   - idGenerator: New conversation and message identifiers (defaults to lowercase UUIDs).
    public init(
        clock: @escaping @Sendable () -> Date = { Date() },
        idGenerator: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.clock = clock
        self.idGenerator = idGenerator
    }

    /// Creates a conversation owned by the caller; with `id` `nil` a new identifier is generated.
    public func createConversation(id: String?, title: String, databaseName: String?, context: RequestContext) async throws(ChatStoreError) -> Conversation {
        try ChatStoreLimits.validateTitle(title)
        let id = id ?? idGenerator()
        try ChatStoreLimits.validateConversationID(id)
        let now = millisecondPrecision(clock())
        let conversation = Conversation(
            id: id, tenant: context.tenant, user: context.user, title: title,
            databaseName: databaseName, createdAt: now, updatedAt: now)
        let inserted = state.withLock { entries -> Bool in
            let key = Key(tenant: context.tenant, id: id)
            guard entries[key] == nil else { return false }
            entries[key] = Entry(conversation: conversation, messages: [])
            return true
        }
        guard inserted else { throw .conversationExists(id: id) }
        return conversation
    }

    /// The caller's conversation `id`, or `nil` (also for another user's or tenant's).
    public func conversation(id: String, context: RequestContext) async throws(ChatStoreError) -> Conversation? {
        try ChatStoreLimits.validateConversationID(id)
        return state.withLock { Self.owned($0, id: id, context: context)?.conversation }
    }

    /// The caller's conversations, most recently updated first (ties by identifier), at most `limit`.
    public func conversations(limit: Int, context: RequestContext) async throws(ChatStoreError) -> [Conversation] {
        try ChatStoreLimits.validateLimit(limit)
        return state.withLock { entries in
            let mine = entries.values
                .map(\.conversation)
                .filter { $0.tenant == context.tenant && $0.user == context.user }
                .sorted { lhs, rhs in
                    if lhs.updatedAt != rhs.updatedAt { return lhs.updatedAt > rhs.updatedAt }
                    return Array(lhs.id.utf8).lexicographicallyPrecedes(Array(rhs.id.utf8))
                }
            return Array(mine.prefix(limit))
        }
    }

    /// Renames the caller's conversation `id` and bumps its update time.
    public func renameConversation(id: String, title: String, context: RequestContext) async throws(ChatStoreError) -> Conversation {
        try ChatStoreLimits.validateConversationID(id)
        try ChatStoreLimits.validateTitle(title)
        let now = millisecondPrecision(clock())
        let renamed = state.withLock { entries -> Conversation? in
            guard var entry = Self.owned(entries, id: id, context: context) else { return nil }
            entry.conversation.title = title
            entry.conversation.updatedAt = now
            entries[Key(tenant: context.tenant, id: id)] = entry
            return entry.conversation
        }
        guard let renamed else { throw .conversationNotFound(id: id) }
        return renamed
    }

    /// Deletes the caller's conversation `id` and its messages.
    public func deleteConversation(id: String, context: RequestContext) async throws(ChatStoreError) {
        try ChatStoreLimits.validateConversationID(id)
        let deleted = state.withLock { entries -> Bool in
            guard Self.owned(entries, id: id, context: context) != nil else { return false }
            entries[Key(tenant: context.tenant, id: id)] = nil
            return true
        }
        if !deleted { throw .conversationNotFound(id: id) }
    }

    /// Appends `message` to the caller's conversation `id`, assigning the next sequence number,
    /// and bumps the conversation's update time.
    public func appendMessage(_ message: ChatMessageDraft, toConversation id: String, context: RequestContext) async throws(ChatStoreError) -> ChatMessage {
        try ChatStoreLimits.validateConversationID(id)
        let now = millisecondPrecision(clock())
        let messageID = idGenerator()
        let stored = state.withLock { entries -> ChatMessage? in
            guard var entry = Self.owned(entries, id: id, context: context) else { return nil }
            let stored = ChatMessage(
                id: messageID, conversationID: id, sequence: (entry.messages.last?.sequence ?? -1) + 1,
                role: message.role, content: message.content, sql: message.sql, result: message.result,
                createdAt: now)
            entry.messages.append(stored)
            entry.conversation.updatedAt = now
            entries[Key(tenant: context.tenant, id: id)] = entry
            return stored
        }
        guard let stored else { throw .conversationNotFound(id: id) }
        return stored
    }

    /// The last `limit` messages of the caller's conversation `id`, oldest first.
    public func messages(inConversation id: String, limit: Int, context: RequestContext) async throws(ChatStoreError) -> [ChatMessage] {
        try ChatStoreLimits.validateConversationID(id)
        try ChatStoreLimits.validateLimit(limit)
        let messages = state.withLock { entries -> [ChatMessage]? in
            guard let entry = Self.owned(entries, id: id, context: context) else { return nil }
            return Array(entry.messages.suffix(limit))
        }
        guard let messages else { throw .conversationNotFound(id: id) }
        return messages
    }

    private static func owned(_ entries: [Key: Entry], id: String, context: RequestContext) -> Entry? {
        guard let entry = entries[Key(tenant: context.tenant, id: id)], entry.conversation.user == context.user else {
            return nil
        }
        return entry
    }
}
