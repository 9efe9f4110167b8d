import DaiBaiCore
import DaiBaiRedis
import DaiBaiTestSupport
import Foundation
import Testing

/// The conformance kit's ChatStore checks against ``RedisChatStore`` on the real redis-server;
/// each check gets its own key prefix, so checks run in parallel on one database.
@Suite("Redis chat store", .enabled(if: TestRedis.isAvailable, "needs DAIBAI_TEST_REDIS_URL (scripts/test starts redis-server)"), .timeLimit(.minutes(10)))
struct RedisChatStoreTests {
    static let chatStore = ChatStoreSubject("RedisChatStore") { setup, body in
        try await TestRedis.withClient { client in
            let store: RedisChatStore
            if let ids = setup.ids {
                store = RedisChatStore(client: client, keyPrefix: TestRedis.freshPrefix(), clock: setup.clock, idGenerator: ids)
            } else {
                store = RedisChatStore(client: client, keyPrefix: TestRedis.freshPrefix(), clock: setup.clock)
            }
            try await body(store)
        }
    }

    @Test("ChatStore", arguments: ChatStoreConformance.checks)
    func chatStore(check: ConformanceCheck<any ChatStore>) async throws {
        try await check.run(on: Self.chatStore)
    }

    @Test("two stores over two clients on the same Redis see the same conversations")
    func sharedBetweenProcesses() async throws {
        let prefix = TestRedis.freshPrefix()
        try await TestRedis.withClient { first in
            try await TestRedis.withClient { second in
                let writer = RedisChatStore(client: first, keyPrefix: prefix)
                let reader = RedisChatStore(client: second, keyPrefix: prefix)
                let ctx = TestContexts.a
                let created = try await writer.createConversation(id: nil, title: "shared", databaseName: "music", context: ctx)
                _ = try await writer.appendMessage(ChatMessageDraft(role: .user, content: "Top artists?"), toConversation: created.id, context: ctx)
                let answer = ChatMessageDraft(
                    role: .assistant, content: "Here.", sql: "SELECT name FROM artists LIMIT 3",
                    result: StoredQueryResult(columns: ["name"], rows: [["AC/DC"], [nil]], totalRows: 3))
                _ = try await reader.appendMessage(answer, toConversation: created.id, context: ctx)

                let seen = try #require(try await reader.conversation(id: created.id, context: ctx))
                #expect(seen.title == "shared")
                #expect(seen.databaseName == "music")
                #expect(try await reader.conversations(limit: 10, context: ctx).map(\.id) == [created.id])
                let messages = try await writer.messages(inConversation: created.id, limit: 10, context: ctx)
                #expect(messages.map(\.sequence) == [0, 1])
                #expect(messages.map(\.content) == ["Top artists?", "Here."])
                #expect(messages[1].result == answer.result)
                // Another prefix is another store: the same Redis, nothing shared.
                let elsewhere = RedisChatStore(client: second, keyPrefix: TestRedis.freshPrefix())
                #expect(try await elsewhere.conversation(id: created.id, context: ctx) == nil)
                try await reader.deleteConversation(id: created.id, context: ctx)
                #expect(try await writer.conversation(id: created.id, context: ctx) == nil)
            }
        }
    }

    @Test("keys are namespaced by the prefix, tenant and user as documented")
    func keyLayout() async throws {
        let prefix = TestRedis.freshPrefix()
        try await TestRedis.withClient { client in
            let store = RedisChatStore(client: client, keyPrefix: prefix)
            _ = try await store.createConversation(id: "c1", title: "t", databaseName: nil, context: TestContexts.a)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "q"), toConversation: "c1", context: TestContexts.a)
            let keys = try await client.send(["KEYS", "\(prefix):*"]).array?.compactMap(\.string).sorted()
            #expect(keys == [
                "\(prefix):t:tenant-a:conversation:c1",
                "\(prefix):t:tenant-a:conversation:c1:messages",
                "\(prefix):t:tenant-a:u:alice:conversations",
            ])
            try await store.deleteConversation(id: "c1", context: TestContexts.a)
            #expect(try await client.send(["KEYS", "\(prefix):*"]) == .array([]))
        }
    }
}
