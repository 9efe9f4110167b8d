import DaiBaiCore
import Foundation
import Testing

/// A ``ChatStore`` implementation under test.
public typealias ChatStoreSubject = StoreSubject<any ChatStore>

/// The behaviours every ``ChatStore`` must show, checked against any ``ChatStoreSubject``:
/// the protocol's contract, and tenant and user isolation.
public enum ChatStoreConformance {
    /// Every check, in the order the report lists them.
    public static let checks: [ConformanceCheck<any ChatStore>] = [
        ConformanceCheck("create then get returns the stored conversation", createAndGet),
        ConformanceCheck("create without an id uses the id generator", createGeneratesID),
        ConformanceCheck("the default id generator makes distinct lowercase UUIDs", defaultIDs),
        ConformanceCheck("creating an existing id throws conversationExists and leaves the original", createExisting),
        ConformanceCheck("conversations are listed most recently updated first, limited", listOrdering),
        ConformanceCheck("equal update times are ordered by id", listTieBreak),
        ConformanceCheck("times are kept to the millisecond", millisecondTimes),
        ConformanceCheck("rename changes the title and bumps updatedAt", rename),
        ConformanceCheck("delete removes the conversation and its messages", delete),
        ConformanceCheck("appended messages get sequences from 0 and come back in order", appendAndRead),
        ConformanceCheck("a capped query result round-trips", resultRoundTrip),
        ConformanceCheck("concurrent appends get distinct consecutive sequences", concurrentAppends),
        ConformanceCheck("appending to or reading a missing conversation throws conversationNotFound", missingConversation),
        ConformanceCheck("invalid conversation ids are rejected by every method", invalidIDs),
        ConformanceCheck("titles over 500 characters and non-positive limits are rejected", invalidTitlesAndLimits),
        ConformanceCheck("another tenant cannot read, list, change, append to or delete a conversation", isolatedAcrossTenants),
        ConformanceCheck("another user of the same tenant cannot reach a conversation", isolatedAcrossUsers),
    ]

    static let ctx = TestContexts.a

    static func createAndGet(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore { store in
            let created = try await store.createConversation(id: "c1", title: "Sales by region", databaseName: "warehouse", context: ctx)
            let expected = Conversation(
                id: "c1", tenant: TestContexts.tenantA, user: TestContexts.alice, title: "Sales by region",
                databaseName: "warehouse", createdAt: SteppingClock.time(0), updatedAt: SteppingClock.time(0))
            #expect(created == expected)
            #expect(try await store.conversation(id: "c1", context: ctx) == expected)
            #expect(try await store.conversation(id: "c2", context: ctx) == nil)
        }
    }

    static func createGeneratesID(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore { store in
            let created = try await store.createConversation(id: nil, title: "", databaseName: nil, context: ctx)
            #expect(created.id == "id-1")
            #expect(created.databaseName == nil)
            #expect(try await store.conversation(id: "id-1", context: ctx)?.title == "")
        }
    }

    static func defaultIDs(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore(StoreSetup(ids: nil)) { store in
            let first = try await store.createConversation(id: nil, title: "a", databaseName: nil, context: ctx)
            let second = try await store.createConversation(id: nil, title: "b", databaseName: nil, context: ctx)
            #expect(first.id != second.id)
            #expect(UUID(uuidString: first.id) != nil)
            #expect(first.id == first.id.lowercased())
        }
    }

    static func createExisting(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore { store in
            _ = try await store.createConversation(id: "c1", title: "original", databaseName: nil, context: ctx)
            await #expect(throws: ChatStoreError.conversationExists(id: "c1")) {
                _ = try await store.createConversation(id: "c1", title: "replacement", databaseName: "x", context: ctx)
            }
            // Ids are unique per tenant: another user of the same tenant cannot take it either.
            await #expect(throws: ChatStoreError.conversationExists(id: "c1")) {
                _ = try await store.createConversation(id: "c1", title: "bob's", databaseName: nil, context: TestContexts.aBob)
            }
            let stored = try #require(try await store.conversation(id: "c1", context: ctx))
            #expect(stored.title == "original")
            #expect(stored.databaseName == nil)
            #expect(stored.user == TestContexts.alice)
        }
    }

    static func listOrdering(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore { store in
            _ = try await store.createConversation(id: "a", title: "A", databaseName: nil, context: ctx)  // t0
            _ = try await store.createConversation(id: "b", title: "B", databaseName: nil, context: ctx)  // t1
            _ = try await store.createConversation(id: "c", title: "C", databaseName: nil, context: ctx)  // t2
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "hi"), toConversation: "a", context: ctx)  // t3
            #expect(try await store.conversations(limit: 10, context: ctx).map(\.id) == ["a", "c", "b"])
            #expect(try await store.conversations(limit: 2, context: ctx).map(\.id) == ["a", "c"])
            #expect(try await store.conversations(limit: 1, context: ctx).first?.updatedAt == SteppingClock.time(3))
            _ = try await store.renameConversation(id: "b", title: "B2", context: ctx)  // t4
            #expect(try await store.conversations(limit: 10, context: ctx).map(\.id) == ["b", "a", "c"])
        }
    }

    static func listTieBreak(_ subject: ChatStoreSubject) async throws {
        let fixed = Date(timeIntervalSince1970: 1_650_000_000.25)
        try await subject.withStore(StoreSetup(clock: { fixed })) { store in
            for id in ["m", "B", "a", "Z"] {
                _ = try await store.createConversation(id: id, title: id, databaseName: nil, context: ctx)
            }
            #expect(try await store.conversations(limit: 10, context: ctx).map(\.id) == ["B", "Z", "a", "m"])
        }
    }

    static func millisecondTimes(_ subject: ChatStoreSubject) async throws {
        let raw = Date(timeIntervalSince1970: 1_700_000_000.123_456)
        try await subject.withStore(StoreSetup(clock: { raw })) { store in
            let created = try await store.createConversation(id: "t", title: "t", databaseName: nil, context: ctx)
            #expect(created.createdAt == Date(timeIntervalSince1970: 1_700_000_000_123 / 1000))
            #expect(try await store.conversation(id: "t", context: ctx)?.createdAt == created.createdAt)
        }
    }

    static func rename(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore { store in
            _ = try await store.createConversation(id: "c1", title: "old", databaseName: "db", context: ctx)  // t0
            let renamed = try await store.renameConversation(id: "c1", title: "new title ✓", context: ctx)  // t1
            let expected = Conversation(
                id: "c1", tenant: TestContexts.tenantA, user: TestContexts.alice, title: "new title ✓",
                databaseName: "db", createdAt: SteppingClock.time(0), updatedAt: SteppingClock.time(1))
            #expect(renamed == expected)
            #expect(try await store.conversation(id: "c1", context: ctx) == expected)
            await #expect(throws: ChatStoreError.conversationNotFound(id: "nope")) {
                _ = try await store.renameConversation(id: "nope", title: "x", context: ctx)
            }
        }
    }

    static func delete(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore { store in
            _ = try await store.createConversation(id: "c1", title: "one", databaseName: nil, context: ctx)
            _ = try await store.createConversation(id: "c2", title: "two", databaseName: nil, context: ctx)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "q"), toConversation: "c1", context: ctx)
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
            // Re-creating the id starts empty: the old messages went with the conversation.
            _ = try await store.createConversation(id: "c1", title: "again", databaseName: nil, context: ctx)
            #expect(try await store.messages(inConversation: "c1", limit: 10, context: ctx).isEmpty)
            #expect(try await store.messages(inConversation: "c2", limit: 10, context: ctx).map(\.content) == ["other"])
        }
    }

    static func appendAndRead(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore { store in
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
                    content: draft.content, sql: draft.sql, result: nil, createdAt: SteppingClock.time(index + 1))
            }
            #expect(stored == expected)
            #expect(try await store.messages(inConversation: "c1", limit: 100, context: ctx) == expected)
            #expect(try await store.messages(inConversation: "c1", limit: 5, context: ctx) == expected)
            #expect(try await store.messages(inConversation: "c1", limit: 3, context: ctx).map(\.sequence) == [2, 3, 4])
            #expect(try await store.messages(inConversation: "c1", limit: 1, context: ctx) == [expected[4]])
            // Appending bumped updatedAt to the last message's time.
            #expect(try await store.conversation(id: "c1", context: ctx)?.updatedAt == SteppingClock.time(5))
            #expect(try await store.conversation(id: "c1", context: ctx)?.createdAt == SteppingClock.time(0))
        }
    }

    static func resultRoundTrip(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore { store in
            _ = try await store.createConversation(id: "c1", title: "t", databaseName: nil, context: ctx)
            let result = StoredQueryResult(
                columns: ["region", "total", "note"],
                rows: [["north", "10", nil], ["süd", "20", "Ünïcode \"quoted\"\nline"], ["east", "30", ""]],
                totalRows: 1_000, maxRows: 2)
            #expect(result.rows.count == 2)
            #expect(result.rowCount == 1_000)
            #expect(result.truncated)
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

            let empty = StoredQueryResult(columns: [], rows: [])
            _ = try await store.appendMessage(ChatMessageDraft(role: .assistant, content: "none", result: empty), toConversation: "c1", context: ctx)
            let last = try #require(try await store.messages(inConversation: "c1", limit: 1, context: ctx).first)
            #expect(last.result == StoredQueryResult(columns: [], rows: []))
            #expect(last.result?.truncated == false)
        }
    }

    static func concurrentAppends(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore { store in
            _ = try await store.createConversation(id: "c1", title: "t", databaseName: nil, context: ctx)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<25 {
                    group.addTask {
                        _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "m\(index)"), toConversation: "c1", context: TestContexts.a)
                    }
                }
                try await group.waitForAll()
            }
            let messages = try await store.messages(inConversation: "c1", limit: 100, context: ctx)
            #expect(messages.map(\.sequence) == Array(0..<25))
            #expect(Set(messages.map(\.content)) == Set((0..<25).map { "m\($0)" }))
        }
    }

    static func missingConversation(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore { store in
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

    static let invalidIDs = ["", "has space", "../etc", "a/b", "dot.ted", "ünï", String(repeating: "x", count: 129)]

    static func invalidIDs(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore { store in
            for id in Self.invalidIDs {
                try await expectInvalidArgument { _ = try await store.createConversation(id: id, title: "t", databaseName: nil, context: ctx) }
                try await expectInvalidArgument { _ = try await store.conversation(id: id, context: ctx) }
                try await expectInvalidArgument { _ = try await store.renameConversation(id: id, title: "t", context: ctx) }
                try await expectInvalidArgument { try await store.deleteConversation(id: id, context: ctx) }
                try await expectInvalidArgument {
                    _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "x"), toConversation: id, context: ctx)
                }
                try await expectInvalidArgument { _ = try await store.messages(inConversation: id, limit: 1, context: ctx) }
            }
            // The longest valid id is accepted.
            let longest = String(repeating: "x", count: 128)
            #expect(try await store.createConversation(id: longest, title: "t", databaseName: nil, context: ctx).id == longest)
            #expect(try await store.conversations(limit: 10, context: ctx).map(\.id) == [longest])
        }
    }

    static func invalidTitlesAndLimits(_ subject: ChatStoreSubject) async throws {
        try await subject.withStore { store in
            let tooLong = String(repeating: "é", count: 501)
            try await expectInvalidArgument { _ = try await store.createConversation(id: "c1", title: tooLong, databaseName: nil, context: ctx) }
            #expect(try await store.conversation(id: "c1", context: ctx) == nil)
            let maximal = String(repeating: "é", count: 500)
            #expect(try await store.createConversation(id: "c1", title: maximal, databaseName: nil, context: ctx).title == maximal)
            try await expectInvalidArgument { _ = try await store.renameConversation(id: "c1", title: tooLong, context: ctx) }
            #expect(try await store.conversation(id: "c1", context: ctx)?.title == maximal)
            for limit in [0, -1, Int.min] {
                try await expectInvalidArgument { _ = try await store.conversations(limit: limit, context: ctx) }
                try await expectInvalidArgument { _ = try await store.messages(inConversation: "c1", limit: limit, context: ctx) }
            }
        }
    }
}

/// Expects `body` to throw ``ChatStoreError/invalidArgument(_:)``.
func expectInvalidArgument(sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async throws {
    await expectError(ChatStoreError.self, sourceLocation: sourceLocation, { if case .invalidArgument = $0 { true } else { false } }, body)
}
