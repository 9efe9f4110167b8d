/// Conversations and their messages.
///
/// A conversation belongs to one user of one tenant; every call sees only the caller's own
/// conversations. Asking for another's behaves exactly as if it did not exist.
/// Implementations: ``SQLiteChatStore``; Cosmos DB in `DaiBaiAzure`; an in-memory fake in `DaiBaiTesting`.
public protocol ChatStore: Sendable {
    /// Creates a conversation owned by the caller. With `id` `nil` the store assigns one.
    func createConversation(id: String?, title: String, databaseName: String?, context: RequestContext) async throws(ChatStoreError) -> Conversation

    /// The caller's conversation `id`, or `nil`.
    func conversation(id: String, context: RequestContext) async throws(ChatStoreError) -> Conversation?

    /// The caller's conversations, most recently updated first, at most `limit`.
    func conversations(limit: Int, context: RequestContext) async throws(ChatStoreError) -> [Conversation]

    /// Renames the caller's conversation `id`.
    func renameConversation(id: String, title: String, context: RequestContext) async throws(ChatStoreError) -> Conversation

    /// Deletes the caller's conversation `id` with all its messages.
    func deleteConversation(id: String, context: RequestContext) async throws(ChatStoreError)

    /// Appends a message to the caller's conversation and returns it as stored.
    func appendMessage(_ message: ChatMessageDraft, toConversation id: String, context: RequestContext) async throws(ChatStoreError) -> ChatMessage

    /// The last `limit` messages of the caller's conversation, oldest first.
    func messages(inConversation id: String, limit: Int, context: RequestContext) async throws(ChatStoreError) -> [ChatMessage]
}

/// Limits every chat store enforces, so that all behave the same.
public enum ChatStoreLimits {
    /// The longest conversation identifier accepted.
    public static let maxConversationIDLength = 128
    /// The longest title accepted; longer titles are rejected.
    public static let maxTitleLength = 500

    /// Validates a caller-chosen conversation identifier (1–128 characters of `[A-Za-z0-9_-]`).
    public static func validateConversationID(_ id: String) throws(ChatStoreError) {
        guard IdentifierRules.isValid(id, maxLength: maxConversationIDLength) else {
            throw .invalidArgument("conversation id must be 1-\(maxConversationIDLength) characters of A-Z, a-z, 0-9, '-' or '_'")
        }
    }

    /// Validates a title.
    public static func validateTitle(_ title: String) throws(ChatStoreError) {
        guard title.count <= maxTitleLength else {
            throw .invalidArgument("title is \(title.count) characters; the limit is \(maxTitleLength)")
        }
    }

    /// Validates a `limit` argument.
    public static func validateLimit(_ limit: Int) throws(ChatStoreError) {
        guard limit > 0 else { throw .invalidArgument("limit must be positive, got \(limit)") }
    }
}
