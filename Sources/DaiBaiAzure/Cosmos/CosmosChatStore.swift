import DaiBaiCore
import Foundation
import Logging

/// A ``ChatStore`` in an Azure Cosmos DB container partitioned by `/tenantId`.
///
/// Every request is scoped to the caller's tenant as the partition key, so no call can reach
/// another tenant's documents; conversations are further filtered by user, exactly like
/// ``SQLiteChatStore`` (conversation ids are unique per tenant; another user's conversation
/// behaves as if it did not exist).
///
/// Conversations and messages are separate documents (`type` `conversation` / `message`), so no
/// document grows with the conversation; a message whose document would exceed
/// ``maxMessageDocumentBytes`` is refused before anything is sent. Sequence numbers are allocated
/// with optimistic concurrency: an append advances the conversation's `nextSequence` with an
/// `If-Match` replace (retrying with Core's ``Retrier`` on 412), then creates the message document
/// whose id is derived from that number. Concurrent appends therefore get distinct, increasing
/// numbers; if the message write itself fails after the number was taken, that number is skipped.
/// Deleting a conversation deletes its document, then its messages.
///
/// Times are kept to the millisecond; listing sorts by `updatedAtMs DESC, conversationId ASC`,
/// which needs the composite index ``provision(client:database:container:)`` creates.
public struct CosmosChatStore: ChatStore {
    /// The largest message document accepted (the service's item limit is 2 MB; the rest is headroom).
    public static let maxMessageDocumentBytes = 1_900_000

    /// The container the store uses.
    public let container: CosmosContainer

    private let clock: @Sendable () -> Date
    private let idGenerator: @Sendable () -> String
    private let logger: Logger
    private let concurrency: CosmosStoreConcurrency

    static let listConversationsQuery =
        "SELECT * FROM c WHERE c.type = @type AND c.userId = @userId ORDER BY c.updatedAtMs DESC, c.conversationId ASC OFFSET 0 LIMIT @limit"
    static let lastMessagesQuery =
        "SELECT * FROM c WHERE c.type = @type AND c.conversationId = @conversationId AND c.incarnation = @incarnation ORDER BY c.sequence DESC OFFSET 0 LIMIT @limit"
    static let messageIDsQuery =
        "SELECT c.id FROM c WHERE c.type = @type AND c.conversationId = @conversationId AND c.incarnation = @incarnation"

    /// Uses the container `container` of database `database`; nothing is sent until the first call.
    /// - Parameters:
    ///   - client: The account client.
    ///   - database: The database id.
    ///   - container: The container id (partition key path `/tenantId`).
    ///   - clock: The current time; inject a fixed clock for deterministic tests.
    ///   - idGenerator: New conversation and message identifiers (defaults to lowercase UUIDs).
    ///   - concurrencyPolicy: How often, and for how long, a read-modify-write that lost a race
    ///     is tried again (``CosmosStoreConcurrency/policy`` by default).
    ///   - logger: Where diagnostics go; nothing is logged by default.
    public init(
        client: CosmosClient,
        database: String,
        container: String,
        clock: @escaping @Sendable () -> Date = { Date() },
        idGenerator: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
        concurrencyPolicy: RetryPolicy = CosmosStoreConcurrency.policy,
        logger: Logger = Logger(label: "daibai.chat.cosmos", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.container = client.container(database: database, name: container)
        self.clock = clock
        self.idGenerator = idGenerator
        self.logger = logger
        self.concurrency = CosmosStoreConcurrency(policy: concurrencyPolicy, logger: logger)
    }

    /// Creates the database and the container (partition key `/tenantId`, with the indexes the
    /// chat store and ``CosmosDataInventory`` need) when they do not exist yet.
    public static func provision(client: CosmosClient, database: String, container: String) async throws(CosmosError) {
        try await CosmosStoreContainer.provision(client: client, database: database, container: container)
    }

    // MARK: - ChatStore

    /// Creates a conversation owned by the caller; with `id` `nil` a new identifier is generated.
    ///
    /// Throws ``ChatStoreError/conversationExists(id:)`` when the caller's tenant already has `id`.
    public func createConversation(id: String?, title: String, databaseName: String?, context: RequestContext) async throws(ChatStoreError) -> Conversation {
        try ChatStoreLimits.validateTitle(title)
        let id = id ?? idGenerator()
        try ChatStoreLimits.validateConversationID(id)
        let now = CosmosStoreTime.milliseconds(clock())
        let document = CosmosConversationDocument(
            id: CosmosConversationDocument.documentID(id), tenantId: context.tenant.rawValue, userId: context.user.rawValue,
            conversationId: id, title: title, databaseName: databaseName, createdAtMs: now, updatedAtMs: now,
            nextSequence: 0, incarnation: UUID().uuidString.lowercased())
        let created: CosmosConversationDocument
        do throws(CosmosError) {
            created = try await container.create(document, partitionKey: context.tenant.rawValue).document
        } catch .conflict {
            throw .conversationExists(id: id)
        } catch {
            throw Self.backend("create conversation", error)
        }
        return try created.conversation()
    }

    /// The caller's conversation `id`, or `nil` (also for another user's or tenant's).
    public func conversation(id: String, context: RequestContext) async throws(ChatStoreError) -> Conversation? {
        try ChatStoreLimits.validateConversationID(id)
        return try await readConversation(id: id, context: context, operation: "read conversation")?.document.conversation()
    }

    /// The caller's conversations, most recently updated first (ties by identifier), at most `limit`.
    public func conversations(limit: Int, context: RequestContext) async throws(ChatStoreError) -> [Conversation] {
        try ChatStoreLimits.validateLimit(limit)
        let query = CosmosQuery(Self.listConversationsQuery, [
            "@type": .string(CosmosConversationDocument.type), "@userId": .string(context.user.rawValue), "@limit": .int(Self.clamp(limit)),
        ])
        let documents: [CosmosConversationDocument]
        do throws(CosmosError) {
            documents = try await container.query(query, partitionKey: context.tenant.rawValue, as: CosmosConversationDocument.self)
        } catch {
            throw Self.backend("list conversations", error)
        }
        var conversations: [Conversation] = []
        for document in documents.prefix(limit) where document.userId == context.user.rawValue {
            conversations.append(try document.conversation())
        }
        return conversations
    }

    /// Renames the caller's conversation `id` and bumps its update time.
    public func renameConversation(id: String, title: String, context: RequestContext) async throws(ChatStoreError) -> Conversation {
        try ChatStoreLimits.validateConversationID(id)
        try ChatStoreLimits.validateTitle(title)
        let now = CosmosStoreTime.milliseconds(clock())
        let updated = try await updateConversation(id: id, context: context, operation: "rename conversation") { document in
            document.title = title
            document.updatedAtMs = now
        }
        return try updated.conversation()
    }

    /// Deletes the caller's conversation `id`, then its messages.
    public func deleteConversation(id: String, context: RequestContext) async throws(ChatStoreError) {
        try ChatStoreLimits.validateConversationID(id)
        let partition = context.tenant.rawValue
        let deleted: CosmosConversationDocument
        do throws(CosmosStoreAttemptError) {
            deleted = try await concurrency.run { () throws(CosmosStoreAttemptError) -> CosmosConversationDocument in
                guard let current = try await readConversationAttempt(id: id, context: context) else { throw .missing }
                do throws(CosmosError) {
                    try await container.delete(id: current.document.id, partitionKey: partition, ifMatch: current.etag)
                    return current.document
                } catch .preconditionFailed {
                    throw .raced
                } catch .notFound {
                    throw .raced
                } catch {
                    throw .cosmos(error)
                }
            }
        } catch {
            throw Self.map(error, id: id, operation: "delete conversation")
        }
        // The conversation is gone; its messages are unreachable from now on (a new conversation
        // of the same id has another incarnation), and are removed here.
        let query = CosmosQuery(Self.messageIDsQuery, [
            "@type": .string(CosmosMessageDocument.type), "@conversationId": .string(id), "@incarnation": .string(deleted.incarnation),
        ])
        do throws(CosmosError) {
            let messages = try await container.query(query, partitionKey: partition, as: CosmosDocumentID.self)
            for message in messages {
                do throws(CosmosError) {
                    try await container.delete(id: message.id, partitionKey: partition)
                } catch .notFound {
                    continue
                }
            }
        } catch {
            logger.warning(
                "Deleted conversation but not all of its messages; they are unreachable and can be removed later",
                metadata: ["error": "\(error)"])
        }
    }

    /// Appends `message` to the caller's conversation `id`, assigning the next sequence number,
    /// and bumps the conversation's update time.
    ///
    /// Throws ``ChatStoreError/invalidArgument(_:)`` when the stored message would be larger than
    /// ``maxMessageDocumentBytes``.
    public func appendMessage(_ message: ChatMessageDraft, toConversation id: String, context: RequestContext) async throws(ChatStoreError) -> ChatMessage {
        try ChatStoreLimits.validateConversationID(id)
        let now = CosmosStoreTime.milliseconds(clock())
        let messageID = idGenerator()
        let partition = context.tenant.rawValue
        var document = CosmosMessageDocument(
            id: CosmosMessageDocument.documentID(incarnation: UUID().uuidString.lowercased(), sequence: Int.max),
            tenantId: partition, conversationId: id, incarnation: UUID().uuidString.lowercased(), messageId: messageID,
            sequence: Int.max, role: message.role.rawValue, content: message.content, sql: message.sql,
            result: message.result, createdAtMs: now)
        try Self.checkSize(document)

        let conversation = try await updateConversation(id: id, context: context, operation: "append message") { conversation in
            conversation.nextSequence += 1
            conversation.updatedAtMs = now
        }
        document.sequence = conversation.nextSequence - 1
        document.incarnation = conversation.incarnation
        document.id = CosmosMessageDocument.documentID(incarnation: conversation.incarnation, sequence: document.sequence)
        let stored: CosmosMessageDocument
        do throws(CosmosError) {
            stored = try await container.create(document, partitionKey: partition).document
        } catch {
            throw Self.backend("append message", error)
        }
        return try stored.message()
    }

    /// The last `limit` messages of the caller's conversation `id`, oldest first.
    public func messages(inConversation id: String, limit: Int, context: RequestContext) async throws(ChatStoreError) -> [ChatMessage] {
        try ChatStoreLimits.validateConversationID(id)
        try ChatStoreLimits.validateLimit(limit)
        guard let conversation = try await readConversation(id: id, context: context, operation: "read messages") else {
            throw .conversationNotFound(id: id)
        }
        let query = CosmosQuery(Self.lastMessagesQuery, [
            "@type": .string(CosmosMessageDocument.type), "@conversationId": .string(id),
            "@incarnation": .string(conversation.document.incarnation), "@limit": .int(Self.clamp(limit)),
        ])
        let documents: [CosmosMessageDocument]
        do throws(CosmosError) {
            documents = try await container.query(query, partitionKey: context.tenant.rawValue, as: CosmosMessageDocument.self)
        } catch {
            throw Self.backend("read messages", error)
        }
        var messages: [ChatMessage] = []
        for document in documents.prefix(limit).reversed() {
            messages.append(try document.message())
        }
        return messages
    }

    // MARK: - Helpers

    /// The caller's conversation document and its etag, or `nil` when missing or another user's.
    private func readConversation(id: String, context: RequestContext, operation: String) async throws(ChatStoreError) -> CosmosItemResponse<CosmosConversationDocument>? {
        do throws(CosmosStoreAttemptError) {
            return try await readConversationAttempt(id: id, context: context)
        } catch {
            throw Self.map(error, id: id, operation: operation)
        }
    }

    private func readConversationAttempt(id: String, context: RequestContext) async throws(CosmosStoreAttemptError) -> CosmosItemResponse<CosmosConversationDocument>? {
        do throws(CosmosError) {
            let response = try await container.read(
                CosmosConversationDocument.self, id: CosmosConversationDocument.documentID(id), partitionKey: context.tenant.rawValue)
            guard response.document.userId == context.user.rawValue, response.document.tenantId == context.tenant.rawValue else {
                return nil
            }
            return response
        } catch .notFound {
            return nil
        } catch {
            throw .cosmos(error)
        }
    }

    /// Reads the caller's conversation, applies `change` and replaces it if unchanged meanwhile
    /// (`If-Match`), retrying the whole read-modify-write when another writer got there first.
    private func updateConversation(
        id: String, context: RequestContext, operation: String,
        _ change: (inout CosmosConversationDocument) -> Void
    ) async throws(ChatStoreError) -> CosmosConversationDocument {
        let partition = context.tenant.rawValue
        do throws(CosmosStoreAttemptError) {
            return try await concurrency.run { () throws(CosmosStoreAttemptError) -> CosmosConversationDocument in
                guard let current = try await readConversationAttempt(id: id, context: context) else { throw .missing }
                var document = current.document
                change(&document)
                do throws(CosmosError) {
                    return try await container.replace(document, id: document.id, partitionKey: partition, ifMatch: current.etag).document
                } catch .preconditionFailed {
                    throw .raced
                } catch .notFound {
                    throw .missing
                } catch {
                    throw .cosmos(error)
                }
            }
        } catch {
            throw Self.map(error, id: id, operation: operation)
        }
    }

    /// The service takes 32-bit limits; a larger one means "all".
    private static func clamp(_ limit: Int) -> Int { min(limit, Int(Int32.max)) }

    private static func checkSize(_ document: CosmosMessageDocument) throws(ChatStoreError) {
        let size: Int
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            size = try encoder.encode(document).count
        } catch {
            throw .backend("append message failed: cannot encode the message as JSON (\(type(of: error)))")
        }
        guard size <= maxMessageDocumentBytes else {
            throw .invalidArgument(
                "the message is \(size) bytes as stored; the limit is \(maxMessageDocumentBytes) bytes (Cosmos DB items are limited to 2 MB). Shorten the content or keep fewer result rows.")
        }
    }

    private static func map(_ error: CosmosStoreAttemptError, id: String, operation: String) -> ChatStoreError {
        switch error {
        case .missing: .conversationNotFound(id: id)
        case .raced: .backend("\(operation) failed: the conversation kept changing concurrently; try again")
        case .cosmos(let error): backend(operation, error)
        }
    }

    private static func backend(_ operation: String, _ error: CosmosError) -> ChatStoreError {
        .backend("\(operation) failed: \(error)")
    }
}
