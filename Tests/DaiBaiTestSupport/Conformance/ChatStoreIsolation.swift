import DaiBaiCore
import Foundation
import Testing

/// Tenant B, and user Bob of tenant A, must not reach Alice's (tenant A's) conversations
/// through any ``ChatStore`` method.
extension ChatStoreConformance {
    static func isolatedAcrossTenants(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore { store in
            let original = try await store.createConversation(id: "shared-id", title: "A's secret plans", databaseName: "a-db", context: TestContexts.a)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "A's question"), toConversation: "shared-id", context: TestContexts.a)
            let before = try await store.messages(inConversation: "shared-id", limit: 10, context: TestContexts.a)

            #expect(try await store.conversation(id: "shared-id", context: TestContexts.b) == nil)
            #expect(try await store.conversations(limit: 100, context: TestContexts.b).isEmpty)
            await #expect(throws: ChatStoreError.conversationNotFound(id: "shared-id")) {
                _ = try await store.renameConversation(id: "shared-id", title: "pwned", context: TestContexts.b)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "shared-id")) {
                try await store.deleteConversation(id: "shared-id", context: TestContexts.b)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "shared-id")) {
                _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "injected"), toConversation: "shared-id", context: TestContexts.b)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "shared-id")) {
                _ = try await store.messages(inConversation: "shared-id", limit: 10, context: TestContexts.b)
            }

            // The same id in tenant B is B's own conversation.
            let bs = try await store.createConversation(id: "shared-id", title: "B's", databaseName: nil, context: TestContexts.b)
            #expect(bs.tenant == TestContexts.tenantB)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "B's question"), toConversation: "shared-id", context: TestContexts.b)
            _ = try await store.renameConversation(id: "shared-id", title: "B renamed", context: TestContexts.b)
            #expect(try await store.messages(inConversation: "shared-id", limit: 10, context: TestContexts.b).map(\.content) == ["B's question"])
            #expect(try await store.messages(inConversation: "shared-id", limit: 10, context: TestContexts.b).map(\.sequence) == [0])
            #expect(try await store.conversations(limit: 10, context: TestContexts.b).map(\.title) == ["B renamed"])

            // A's conversation is untouched by all of it.
            var expected = original
            expected.updatedAt = before[0].createdAt
            #expect(try await store.conversation(id: "shared-id", context: TestContexts.a) == expected)
            #expect(try await store.messages(inConversation: "shared-id", limit: 10, context: TestContexts.a) == before)
            #expect(try await store.conversations(limit: 10, context: TestContexts.a) == [expected])

            // Deleting B's copy leaves A's.
            try await store.deleteConversation(id: "shared-id", context: TestContexts.b)
            #expect(try await store.conversation(id: "shared-id", context: TestContexts.b) == nil)
            #expect(try await store.conversation(id: "shared-id", context: TestContexts.a) == expected)
            #expect(try await store.messages(inConversation: "shared-id", limit: 10, context: TestContexts.a) == before)
        }
    }

    static func isolatedAcrossUsers(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore { store in
            let original = try await store.createConversation(id: "alices", title: "Alice's", databaseName: nil, context: TestContexts.a)
            let message = try await store.appendMessage(ChatMessageDraft(role: .user, content: "private"), toConversation: "alices", context: TestContexts.a)
            var expected = original
            expected.updatedAt = message.createdAt

            #expect(try await store.conversation(id: "alices", context: TestContexts.aBob) == nil)
            #expect(try await store.conversations(limit: 100, context: TestContexts.aBob).isEmpty)
            await #expect(throws: ChatStoreError.conversationNotFound(id: "alices")) {
                _ = try await store.renameConversation(id: "alices", title: "x", context: TestContexts.aBob)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "alices")) {
                try await store.deleteConversation(id: "alices", context: TestContexts.aBob)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "alices")) {
                _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "x"), toConversation: "alices", context: TestContexts.aBob)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "alices")) {
                _ = try await store.messages(inConversation: "alices", limit: 10, context: TestContexts.aBob)
            }
            // Ids are unique inside a tenant, so Bob cannot take over the id either.
            await #expect(throws: ChatStoreError.conversationExists(id: "alices")) {
                _ = try await store.createConversation(id: "alices", title: "Bob's", databaseName: nil, context: TestContexts.aBob)
            }
            // Bob's own conversations are not Alice's.
            _ = try await store.createConversation(id: "bobs", title: "Bob's", databaseName: nil, context: TestContexts.aBob)
            #expect(try await store.conversations(limit: 10, context: TestContexts.a) == [expected])
            #expect(try await store.conversation(id: "bobs", context: TestContexts.a) == nil)
            #expect(try await store.conversations(limit: 10, context: TestContexts.aBob).map(\.id) == ["bobs"])
            #expect(try await store.messages(inConversation: "alices", limit: 10, context: TestContexts.a) == [message])
        }
    }
}
