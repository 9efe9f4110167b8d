/// Why a ``ChatStore`` call failed.
public enum ChatStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No conversation with that identifier exists for the caller (another tenant's looks the same).
    case conversationNotFound(id: String)
    /// A conversation with that identifier already exists for the caller's tenant.
    case conversationExists(id: String)
    /// An argument was rejected; the message says which and why.
    case invalidArgument(String)
    /// The storage backend failed; the message names the operation.
    case backend(String)

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .conversationNotFound(let id): "Conversation '\(id)' was not found for this user. List conversations to find valid ids."
        case .conversationExists(let id): "Conversation '\(id)' already exists. Use another id, or omit it to let the store assign one."
        case .invalidArgument(let message): "Invalid chat store argument: \(message)"
        case .backend(let message): "Chat store backend failed: \(message)"
        }
    }
}
