import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

/// `CosmosChatStore` against the fake account: the behaviours of Core's ChatStore conformance
/// suite (Tests/DaiBaiCoreTests/Conformance/ChatStoreConformanceTests.swift), restated here for
/// the Cosmos store, plus its document layout and size limit.
@Suite("Cosmos chat store")
struct CosmosChatStoreTests {
    let ctx = CosmosTestContexts.a

    @Test("create then get returns the stored conversation")
    func createAndGet() async throws {
        try await withCosmosChatStore { store, _, _ in
            let created = try await store.createConversation(id: "c1", title: "Sales by region", databaseName: "warehouse", context: ctx)
            let expected = Conversation(
                id: "c1", tenant: CosmosTestContexts.tenantA, user: CosmosTestContexts.alice, title: "Sales by region",
                databaseName: "warehouse", createdAt: CosmosSteppingClock.time(0), updatedAt: CosmosSteppingClock.time(0))
            #expect(created == expected)
            #expect(try await store.conversation(id: "c1", context: ctx) == expected)
            #expect(try await store.conversation(id: "c2", context: ctx) == nil)
        }
    }

    @Test("create without an id uses the id generator; the default makes distinct lowercase UUIDs")
    func generatedIDs() async throws {
        try await withCosmosChatStore { store, _, _ in
            let created = try await store.createConversation(id: nil, title: "", databaseName: nil, context: ctx)
            #expect(created.id == "id-1")
            #expect(created.databaseName == nil)
            #expect(try await store.conversation(id: "id-1", context: ctx)?.title == "")
        }
        try await CosmosFakeServer.with { fake, server in
            fake.seedContainer(database: CosmosTestNames.database, container: CosmosTestNames.container)
            let store = CosmosChatStore(client: try .forTests(server), database: CosmosTestNames.database, container: CosmosTestNames.container)
            let first = try await store.createConversation(id: nil, title: "a", databaseName: nil, context: ctx)
            let second = try await store.createConversation(id: nil, title: "b", databaseName: nil, context: ctx)
            #expect(first.id != second.id)
            #expect(UUID(uuidString: first.id) != nil)
            #expect(first.id == first.id.lowercased())
        }
    }

    @Test("creating an existing id throws conversationExists and leaves the original")
    func createExisting() async throws {
        try await withCosmosChatStore { store, _, _ in
            _ = try await store.createConversation(id: "c1", title: "original", databaseName: nil, context: ctx)
            await #expect(throws: ChatStoreError.conversationExists(id: "c1")) {
                _ = try await store.createConversation(id: "c1", title: "replacement", databaseName: "x", context: ctx)
            }
            // Ids are unique per tenant: another user of the same tenant cannot take it either.
            await #expect(throws: ChatStoreError.conversationExists(id: "c1")) {
                _ = try await store.createConversation(id: "c1", title: "bob's", databaseName: nil, context: CosmosTestContexts.aBob)
            }
            let stored = try #require(try await store.conversation(id: "c1", context: ctx))
            #expect(stored.title == "original")
            #expect(stored.databaseName == nil)
            #expect(stored.user == CosmosTestContexts.alice)
        }
    }

    @Test("conversations are listed most recently updated first, limited")
    func listOrdering() async throws {
        try await withCosmosChatStore { store, _, _ in
            _ = try await store.createConversation(id: "a", title: "A", databaseName: nil, context: ctx)  // t0
            _ = try await store.createConversation(id: "b", title: "B", databaseName: nil, context: ctx)  // t1
            _ = try await store.createConversation(id: "c", title: "C", databaseName: nil, context: ctx)  // t2
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "hi"), toConversation: "a", context: ctx)  // t3
            #expect(try await store.conversations(limit: 10, context: ctx).map(\.id) == ["a", "c", "b"])
            #expect(try await store.conversations(limit: 2, context: ctx).map(\.id) == ["a", "c"])
            #expect(try await store.conversations(limit: 1, context: ctx).first?.updatedAt == CosmosSteppingClock.time(3))
            _ = try await store.renameConversation(id: "b", title: "B2", context: ctx)  // t4
            #expect(try await store.conversations(limit: 10, context: ctx).map(\.id) == ["b", "a", "c"])
        }
    }

    @Test("equal update times are ordered by id")
    func listTieBreak() async throws {
        let fixed = Date(timeIntervalSince1970: 1_650_000_000.25)
        try await withCosmosChatStore(clock: { fixed }) { store, _, _ in
            for id in ["m", "B", "a", "Z"] {
                _ = try await store.createConversation(id: id, title: id, databaseName: nil, context: ctx)
            }
            #expect(try await store.conversations(limit: 10, context: ctx).map(\.id) == ["B", "Z", "a", "m"])
        }
    }

    @Test("times are kept to the millisecond")
    func millisecondTimes() async throws {
        let raw = Date(timeIntervalSince1970: 1_700_000_000.123_456)
        try await withCosmosChatStore(clock: { raw }) { store, _, _ in
            let created = try await store.createConversation(id: "t", title: "t", databaseName: nil, context: ctx)
            #expect(created.createdAt == Date(timeIntervalSince1970: 1_700_000_000_123 / 1000))
            #expect(try await store.conversation(id: "t", context: ctx)?.createdAt == created.createdAt)
        }
    }

    @Test("rename changes the title and bumps updatedAt")
    func rename() async throws {
        try await withCosmosChatStore { store, _, _ in
            _ = try await store.createConversation(id: "c1", title: "old", databaseName: "db", context: ctx)  // t0
            let renamed = try await store.renameConversation(id: "c1", title: "new title ✓", context: ctx)  // t1
            let expected = Conversation(
                id: "c1", tenant: CosmosTestContexts.tenantA, user: CosmosTestContexts.alice, title: "new title ✓",
                databaseName: "db", createdAt: CosmosSteppingClock.time(0), updatedAt: CosmosSteppingClock.time(1))
            #expect(renamed == expected)
            #expect(try await store.conversation(id: "c1", context: ctx) == expected)
            await #expect(throws: ChatStoreError.conversationNotFound(id: "nope")) {
                _ = try await store.renameConversation(id: "nope", title: "x", context: ctx)
            }
        }
    }

    @Test("delete removes the conversation and its message documents")
    func delete() async throws {
        try await withCosmosChatStore { store, fake, _ in
            _ = try await store.createConversation(id: "c1", title: "one", databaseName: nil, context: ctx)
            _ = try await store.createConversation(id: "c2", title: "two", databaseName: nil, context: ctx)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "q"), toConversation: "c1", context: ctx)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "q2"), toConversation: "c1", context: ctx)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "other"), toConversation: "c2", context: ctx)
            try await store.deleteConversation(id: "c1", context: ctx)
            #expect(try await store.conversation(id: "c1", context: ctx) == nil)
            #expect(try await store.conversations(limit: 10, context: ctx).map(\.id) == ["c2"])
            await #expect(throws: ChatStoreError.conversationNotFound(id: "c1")) {
                _ = try await store.messages(inConversation: "c1", limit: 10, context: ctx)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "c1")) {
                try await store.deleteConversation(id: "c1", context: ctx)
            }
            // Only c2 and its one message are left in the tenant's partition.
            let left = fake.documents(database: CosmosTestNames.database, container: CosmosTestNames.container, partition: "tenant-a")
            #expect(left.values.compactMap { $0["conversationId"]?.stringValue }.sorted() == ["c2", "c2"])
            // Re-creating the id starts empty.
            _ = try await store.createConversation(id: "c1", title: "again", databaseName: nil, context: ctx)
            #expect(try await store.messages(inConversation: "c1", limit: 10, context: ctx).isEmpty)
            #expect(try await store.messages(inConversation: "c2", limit: 10, context: ctx).map(\.content) == ["other"])
        }
    }

    @Test("appended messages get sequences from 0 and come back in order")
    func appendAndRead() async throws {
        try await withCosmosChatStore { store, _, _ in
            _ = try await store.createConversation(id: "c1", title: "t", databaseName: nil, context: ctx)  // t0; messages get id-1…
            let drafts = [
                ChatMessageDraft(role: .system, content: "You write SQL."),
                ChatMessageDraft(role: .user, content: "How many orders?\nPer month, please."),
                ChatMessageDraft(role: .assistant, content: "Here you go.", sql: "SELECT count(*) FROM orders"),
                ChatMessageDraft(role: .user, content: "And 顧客? 🙂"),
                ChatMessageDraft(role: .assistant, content: "", sql: nil),
            ]
            var stored: [ChatMessage] = []
            for draft in drafts {
                stored.append(try await store.appendMessage(draft, toConversation: "c1", context: ctx))
            }
            let expected = drafts.enumerated().map { index, draft in
                ChatMessage(
                    id: "id-\(index + 1)", conversationID: "c1", sequence: index, role: draft.role,
                    content: draft.content, sql: draft.sql, result: nil, createdAt: CosmosSteppingClock.time(index + 1))
            }
            #expect(stored == expected)
            #expect(try await store.messages(inConversation: "c1", limit: 100, context: ctx) == expected)
            #expect(try await store.messages(inConversation: "c1", limit: 5, context: ctx) == expected)
            #expect(try await store.messages(inConversation: "c1", limit: 3, context: ctx).map(\.sequence) == [2, 3, 4])
            #expect(try await store.messages(inConversation: "c1", limit: 1, context: ctx) == [expected[4]])
            #expect(try await store.conversation(id: "c1", context: ctx)?.updatedAt == CosmosSteppingClock.time(5))
            #expect(try await store.conversation(id: "c1", context: ctx)?.createdAt == CosmosSteppingClock.time(0))
        }
    }

    @Test("a capped query result round-trips")
    func resultRoundTrip() async throws {
        try await withCosmosChatStore { store, _, _ in
            _ = try await store.createConversation(id: "c1", title: "t", databaseName: nil, context: ctx)
            let result = StoredQueryResult(
                columns: ["region", "total", "note"],
                rows: [["north", "10", nil], ["süd", "20", "Ünïcode \"quoted\"\nline"], ["east", "30", ""]],
                totalRows: 1_000, maxRows: 2)
            let draft = ChatMessageDraft(role: .assistant, content: "Totals", sql: "SELECT region, total FROM t", result: result)
            let stored = try await store.appendMessage(draft, toConversation: "c1", context: ctx)
            #expect(stored.result == result)
            let read = try #require(try await store.messages(inConversation: "c1", limit: 1, context: ctx).first)
            let readResult = try #require(read.result)
            #expect(readResult.columns == ["region", "total", "note"])
            #expect(readResult.rows == [["north", "10", nil], ["süd", "20", "Ünïcode \"quoted\"\nline"]])
            #expect(readResult.rowCount == 1_000)
            #expect(readResult.truncated == true)
            #expect(read.sql == "SELECT region, total FROM t")

            _ = try await store.appendMessage(ChatMessageDraft(role: .assistant, content: "none", result: StoredQueryResult(columns: [], rows: [])), toConversation: "c1", context: ctx)
            let last = try #require(try await store.messages(inConversation: "c1", limit: 1, context: ctx).first)
            #expect(last.result == StoredQueryResult(columns: [], rows: []))
        }
    }

    @Test("concurrent appends get distinct consecutive sequences")
    func concurrentAppends() async throws {
        try await withCosmosChatStore { store, _, server in
            _ = try await store.createConversation(id: "c1", title: "t", databaseName: nil, context: ctx)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<25 {
                    group.addTask {
                        _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "m\(index)"), toConversation: "c1", context: CosmosTestContexts.a)
                    }
                }
                try await group.waitForAll()
            }
            let messages = try await store.messages(inConversation: "c1", limit: 100, context: ctx)
            #expect(messages.map(\.sequence) == Array(0..<25))
            #expect(Set(messages.map(\.content)) == Set((0..<25).map { "m\($0)" }))
            // Every sequence was taken by an If-Match replace of the conversation document.
            let replaces = server.requests.filter { $0.method == "PUT" }
            #expect(replaces.count >= 25)
            #expect(replaces.allSatisfy { $0.header("if-match") != nil })
        }
    }

    @Test("appending to or reading a missing conversation throws conversationNotFound")
    func missingConversation() async throws {
        try await withCosmosChatStore { store, _, _ in
            await #expect(throws: ChatStoreError.conversationNotFound(id: "ghost")) {
                _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "x"), toConversation: "ghost", context: ctx)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "ghost")) {
                _ = try await store.messages(inConversation: "ghost", limit: 5, context: ctx)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "ghost")) {
                try await store.deleteConversation(id: "ghost", context: ctx)
            }
            let remaining = try await store.conversations(limit: 5, context: ctx)
            #expect(remaining.isEmpty)
        }
    }

    @Test("invalid conversation ids are rejected by every method before anything is sent")
    func invalidIDs() async throws {
        try await withCosmosChatStore { store, _, server in
            for id in ["", "has space", "../etc", "a/b", "dot.ted", "ünï", String(repeating: "x", count: 129)] {
                try await expectCosmosInvalidArgument { _ = try await store.createConversation(id: id, title: "t", databaseName: nil, context: ctx) }
                try await expectCosmosInvalidArgument { _ = try await store.conversation(id: id, context: ctx) }
                try await expectCosmosInvalidArgument { _ = try await store.renameConversation(id: id, title: "t", context: ctx) }
                try await expectCosmosInvalidArgument { try await store.deleteConversation(id: id, context: ctx) }
                try await expectCosmosInvalidArgument {
                    _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "x"), toConversation: id, context: ctx)
                }
                try await expectCosmosInvalidArgument { _ = try await store.messages(inConversation: id, limit: 1, context: ctx) }
            }
            #expect(server.requests.isEmpty)
            let longest = String(repeating: "x", count: 128)
            #expect(try await store.createConversation(id: longest, title: "t", databaseName: nil, context: ctx).id == longest)
            #expect(try await store.conversations(limit: 10, context: ctx).map(\.id) == [longest])
        }
    }

    @Test("titles over 500 characters and non-positive limits are rejected")
    func invalidTitlesAndLimits() async throws {
        try await withCosmosChatStore { store, _, _ in
            let tooLong = String(repeating: "é", count: 501)
            try await expectCosmosInvalidArgument { _ = try await store.createConversation(id: "c1", title: tooLong, databaseName: nil, context: ctx) }
            #expect(try await store.conversation(id: "c1", context: ctx) == nil)
            let maximal = String(repeating: "é", count: 500)
            #expect(try await store.createConversation(id: "c1", title: maximal, databaseName: nil, context: ctx).title == maximal)
            try await expectCosmosInvalidArgument { _ = try await store.renameConversation(id: "c1", title: tooLong, context: ctx) }
            #expect(try await store.conversation(id: "c1", context: ctx)?.title == maximal)
            for limit in [0, -1, Int.min] {
                try await expectCosmosInvalidArgument { _ = try await store.conversations(limit: limit, context: ctx) }
                try await expectCosmosInvalidArgument { _ = try await store.messages(inConversation: "c1", limit: limit, context: ctx) }
            }
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
}

/// Expects `body` to throw ``ChatStoreError/invalidArgument(_:)``.
func expectCosmosInvalidArgument(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async throws {
    await expectCosmosError(ChatStoreError.self, sourceLocation: sourceLocation, { if case .invalidArgument = $0 { true } else { false } }, body)
}
