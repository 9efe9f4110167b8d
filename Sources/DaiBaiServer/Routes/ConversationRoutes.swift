import DaiBaiCore
import Hummingbird

/// The caller's conversations; tenant and user come from the principal only, so another
/// tenant's conversation is a 404, exactly like a missing one.
struct ConversationRoutes {
    let chats: any ChatStore
    static let messageLimit = 500

    func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 50
        guard (1...200).contains(limit) else { throw ServerError.badRequest("'limit' must be 1 to 200.") }
        let conversations = try await chats.conversations(limit: limit, context: try context.caller())
        return try JSONResponse.make(ConversationListBody(conversations: conversations.map(ConversationBody.init)))
    }

    func read(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let id = try context.parameters.require("id")
        guard let conversation = try await chats.conversation(id: id, context: caller) else {
            throw ChatStoreError.conversationNotFound(id: id)
        }
        let messages = try await chats.messages(inConversation: id, limit: Self.messageLimit, context: caller)
        return try JSONResponse.make(ConversationDetailBody(conversation: .init(conversation), messages: messages.map(MessageBody.init)))
    }

    func delete(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let caller = try context.caller()
        let id = try context.parameters.require("id")
        guard try await chats.conversation(id: id, context: caller) != nil else { throw ChatStoreError.conversationNotFound(id: id) }
        try await chats.deleteConversation(id: id, context: caller)
        return Response(status: .noContent)
    }
}
