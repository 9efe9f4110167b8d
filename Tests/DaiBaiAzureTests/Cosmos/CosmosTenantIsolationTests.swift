import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

/// Tenant B (and user Bob of tenant A) cannot reach tenant A's (Alice's) records through the
/// Cosmos stores, and every request B causes carries B's tenant as its partition key. Mirrors
/// Core's Tests/DaiBaiCoreTests/Conformance/TenantIsolationTests.swift.
@Suite("Cosmos tenant isolation")
struct CosmosTenantIsolationTests {
    let a = CosmosTestContexts.a
    let b = CosmosTestContexts.b
    let bob = CosmosTestContexts.aBob

    @Test("another tenant cannot read, list, change, append to or delete a conversation")
    func chatAcrossTenants() async throws {
        try await withCosmosChatStore { store, _, server in
            let original = try await store.createConversation(id: "shared-id", title: "A's secret plans", databaseName: "a-db", context: a)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "A's question"), toConversation: "shared-id", context: a)
            let before = try await store.messages(inConversation: "shared-id", limit: 10, context: a)
            let firstOfB = server.requests.count

            #expect(try await store.conversation(id: "shared-id", context: b) == nil)
            #expect(try await store.conversations(limit: 100, context: b).isEmpty)
            await #expect(throws: ChatStoreError.conversationNotFound(id: "shared-id")) {
                _ = try await store.renameConversation(id: "shared-id", title: "pwned", context: b)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "shared-id")) {
                try await store.deleteConversation(id: "shared-id", context: b)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "shared-id")) {
                _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "injected"), toConversation: "shared-id", context: b)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "shared-id")) {
                _ = try await store.messages(inConversation: "shared-id", limit: 10, context: b)
            }

            // The same id in tenant B is B's own conversation.
            let bs = try await store.createConversation(id: "shared-id", title: "B's", databaseName: nil, context: b)
            #expect(bs.tenant == CosmosTestContexts.tenantB)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "B's question"), toConversation: "shared-id", context: b)
            _ = try await store.renameConversation(id: "shared-id", title: "B renamed", context: b)
            #expect(try await store.messages(inConversation: "shared-id", limit: 10, context: b).map(\.content) == ["B's question"])
            #expect(try await store.messages(inConversation: "shared-id", limit: 10, context: b).map(\.sequence) == [0])
            #expect(try await store.conversations(limit: 10, context: b).map(\.title) == ["B renamed"])
            try await store.deleteConversation(id: "shared-id", context: b)

            // Everything B caused was scoped to B's partition.
            let bRequests = server.requests.dropFirst(firstOfB)
            #expect(!bRequests.isEmpty)
            #expect(bRequests.allSatisfy { $0.header("x-ms-documentdb-partitionkey") == "[\"tenant-b\"]" })

            // A's conversation is untouched by all of it.
            var expected = original
            expected.updatedAt = before[0].createdAt
            #expect(try await store.conversation(id: "shared-id", context: a) == expected)
            #expect(try await store.messages(inConversation: "shared-id", limit: 10, context: a) == before)
            #expect(try await store.conversations(limit: 10, context: a) == [expected])
        }
    }

    @Test("another user of the same tenant cannot reach a conversation")
    func chatAcrossUsers() async throws {
        try await withCosmosChatStore { store, _, _ in
            let original = try await store.createConversation(id: "alices", title: "Alice's", databaseName: nil, context: a)
            let message = try await store.appendMessage(ChatMessageDraft(role: .user, content: "private"), toConversation: "alices", context: a)
            var expected = original
            expected.updatedAt = message.createdAt

            #expect(try await store.conversation(id: "alices", context: bob) == nil)
            #expect(try await store.conversations(limit: 100, context: bob).isEmpty)
            await #expect(throws: ChatStoreError.conversationNotFound(id: "alices")) {
                _ = try await store.renameConversation(id: "alices", title: "x", context: bob)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "alices")) {
                try await store.deleteConversation(id: "alices", context: bob)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "alices")) {
                _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "x"), toConversation: "alices", context: bob)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "alices")) {
                _ = try await store.messages(inConversation: "alices", limit: 10, context: bob)
            }
            #expect(try await store.conversation(id: "alices", context: a) == expected)
            #expect(try await store.messages(inConversation: "alices", limit: 10, context: a).map(\.content) == ["private"])
        }
    }

    @Test("another tenant cannot read, list, overwrite or remove inventory entries")
    func inventoryAcrossTenants() async throws {
        try await withCosmosInventory { inventory, fake, server in
            let entry = DataServer(
                name: "warehouse", dialect: .postgresql, location: .cloud,
                connectionSecret: CosmosDataInventoryTests.secret("A_SECRET"), summary: "A's")
            let original = try await inventory.register(entry, context: a)
            let firstOfB = server.requests.count

            #expect(try await inventory.server(named: "warehouse", context: b) == nil)
            #expect(try await inventory.servers(context: b).isEmpty)
            await #expect(throws: DataInventoryError.notFound(name: "warehouse")) {
                try await inventory.remove(named: "warehouse", context: b)
            }
            var theirs = entry
            theirs.summary = "B's"
            theirs.connectionSecret = CosmosDataInventoryTests.secret("B_SECRET")
            let bRecord = try await inventory.register(theirs, context: b)
            #expect(bRecord.tenant == CosmosTestContexts.tenantB)
            #expect(try await inventory.servers(context: b).map(\.server.summary) == ["B's"])
            try await inventory.remove(named: "warehouse", context: b)

            #expect(server.requests.dropFirst(firstOfB).allSatisfy { $0.header("x-ms-documentdb-partitionkey") == "[\"tenant-b\"]" })
            #expect(try await inventory.server(named: "warehouse", context: a) == original)
            #expect(try await inventory.servers(context: a) == [original])
            #expect(fake.documents(database: CosmosTestNames.database, container: CosmosTestNames.container, partition: "tenant-b").isEmpty)
        }
    }
}
