import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

/// What only the Cosmos stores have, beyond the conformance kit's checks: their documents in the
/// tenant's partition, the partition key on every request, validation before any request, and
/// the item size limit.
@Suite("Cosmos store layout")
struct CosmosStoreLayoutTests {
    let ctx = TestContexts.a

    @Test("conversations and messages are separate documents in the tenant's partition")
    func documentLayout() async throws {
        try await withCosmosChatStore { store, fake, server in
            _ = try await store.createConversation(id: "c1", title: "t", databaseName: "db", context: ctx)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "q"), toConversation: "c1", context: ctx)
            _ = try await store.appendMessage(ChatMessageDraft(role: .assistant, content: "a", sql: "SELECT 1"), toConversation: "c1", context: ctx)
            let documents = fake.documents(database: CosmosTestNames.database, container: CosmosTestNames.container, partition: "tenant-a")
            let byType = Dictionary(grouping: documents.values) { $0["type"]?.stringValue ?? "" }
            #expect(byType["conversation"]?.count == 1)
            #expect(byType["message"]?.count == 2)
            let conversation = try #require(byType["conversation"]?.first)
            #expect(conversation["tenantId"] == .string("tenant-a"))
            #expect(conversation["userId"] == .string("alice"))
            #expect(conversation["nextSequence"] == .int(2))
            #expect(byType["message"]?.allSatisfy { $0["tenantId"] == .string("tenant-a") && $0["conversationId"] == .string("c1") } == true)
            #expect(server.requests.allSatisfy { $0.header("x-ms-documentdb-partitionkey") == "[\"tenant-a\"]" })
        }
    }

    @Test("deleting a conversation deletes its message documents")
    func deleteRemovesMessageDocuments() async throws {
        try await withCosmosChatStore { store, fake, _ in
            _ = try await store.createConversation(id: "c1", title: "one", databaseName: nil, context: ctx)
            _ = try await store.createConversation(id: "c2", title: "two", databaseName: nil, context: ctx)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "q"), toConversation: "c1", context: ctx)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "q2"), toConversation: "c1", context: ctx)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "other"), toConversation: "c2", context: ctx)
            try await store.deleteConversation(id: "c1", context: ctx)
            // Only c2 and its one message are left in the tenant's partition.
            let left = fake.documents(database: CosmosTestNames.database, container: CosmosTestNames.container, partition: "tenant-a")
            #expect(left.values.compactMap { $0["conversationId"]?.stringValue }.sorted() == ["c2", "c2"])
        }
    }

    @Test("a message too large for one Cosmos DB item is refused before anything is sent")
    func largeMessageRefused() async throws {
        try await withCosmosChatStore { store, _, server in
            _ = try await store.createConversation(id: "c1", title: "t", databaseName: nil, context: ctx)
            let before = server.requests.count
            let huge = String(repeating: "x", count: CosmosChatStore.maxMessageDocumentBytes)
            do throws(ChatStoreError) {
                _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: huge), toConversation: "c1", context: ctx)
                Issue.record("expected invalidArgument")
            } catch {
                guard case .invalidArgument(let message) = error else { Issue.record("expected invalidArgument, got \(error)"); return }
                #expect(message.contains("limit is \(CosmosChatStore.maxMessageDocumentBytes) bytes"))
            }
            #expect(server.requests.count == before)
            // The conversation's next sequence was not used up.
            #expect(try await store.appendMessage(ChatMessageDraft(role: .user, content: "small"), toConversation: "c1", context: ctx).sequence == 0)
        }
    }

    @Test("invalid ids and names are rejected before anything is sent")
    func validationBeforeRequests() async throws {
        try await withCosmosChatStore { store, _, server in
            await expectError(ChatStoreError.self, { if case .invalidArgument = $0 { true } else { false } }) {
                _ = try await store.createConversation(id: "../etc", title: "t", databaseName: nil, context: ctx)
            }
            await expectError(ChatStoreError.self, { if case .invalidArgument = $0 { true } else { false } }) {
                _ = try await store.messages(inConversation: "a/b", limit: 1, context: ctx)
            }
            #expect(server.requests.isEmpty)
        }
        try await withCosmosInventory { inventory, _, server in
            var entry = DataServer(name: "a.b", dialect: .postgresql, location: .cloud, connectionSecret: secretName("CONN"))
            await expectError(DataInventoryError.self, { if case .invalidArgument = $0 { true } else { false } }) {
                try await inventory.register(entry, context: ctx)
            }
            entry.name = ""
            await expectError(DataInventoryError.self, { if case .invalidArgument = $0 { true } else { false } }) {
                try await inventory.remove(named: entry.name, context: ctx)
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test("every request made for tenant B carries B's partition key, and B's writes stay in B's partition")
    func partitionKeyPerTenant() async throws {
        try await withCosmosChatStore { store, fake, server in
            _ = try await store.createConversation(id: "shared-id", title: "A's", databaseName: nil, context: TestContexts.a)
            let firstOfB = server.requests.count
            #expect(try await store.conversation(id: "shared-id", context: TestContexts.b) == nil)
            _ = try await store.createConversation(id: "shared-id", title: "B's", databaseName: nil, context: TestContexts.b)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "q"), toConversation: "shared-id", context: TestContexts.b)
            #expect(server.requests.count > firstOfB)
            #expect(server.requests.dropFirst(firstOfB).allSatisfy { $0.header("x-ms-documentdb-partitionkey") == "[\"tenant-b\"]" })
            let partitionA = fake.documents(database: CosmosTestNames.database, container: CosmosTestNames.container, partition: "tenant-a")
            #expect(partitionA.values.compactMap { $0["title"]?.stringValue } == ["A's"])
        }
        try await withCosmosInventory { inventory, fake, server in
            let entry = DataServer(name: "warehouse", dialect: .postgresql, location: .cloud, connectionSecret: secretName("B_SECRET"))
            try await inventory.register(entry, context: TestContexts.b)
            try await inventory.remove(named: "warehouse", context: TestContexts.b)
            #expect(!server.requests.isEmpty)
            #expect(server.requests.allSatisfy { $0.header("x-ms-documentdb-partitionkey") == "[\"tenant-b\"]" })
            #expect(fake.documents(database: CosmosTestNames.database, container: CosmosTestNames.container, partition: "tenant-b").isEmpty)
        }
    }

    @Test("concurrent registrations of one name leave one document")
    func concurrentRegistrationsOneDocument() async throws {
        try await withCosmosInventory { inventory, fake, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        let entry = DataServer(
                            name: "warehouse", dialect: .postgresql, location: .cloud,
                            connectionSecret: secretName("CONN"), summary: "writer \(index)")
                        try await inventory.register(entry, context: TestContexts.a)
                    }
                }
                try await group.waitForAll()
            }
            #expect(fake.documents(database: CosmosTestNames.database, container: CosmosTestNames.container, partition: "tenant-a").count == 1)
        }
    }
}
