import DaiBaiCore
import Foundation
import Testing

@Suite("Prompt assembly")
struct PromptBuilderTests {
    func message(_ sequence: Int, _ role: ChatRole, _ content: String, sql: String? = nil) -> ChatMessage {
        ChatMessage(id: "m\(sequence)", conversationID: "c", sequence: sequence, role: role, content: content, sql: sql, result: nil, createdAt: Date(timeIntervalSince1970: 0))
    }

    @Test("the system prompt states the rules, the dialect and the pruned schema")
    func systemPrompt() {
        let messages = PromptBuilder().messages(question: "How many albums?", dialect: .postgresql, databaseName: "shop", schemaDDL: "CREATE TABLE albums (id integer);")
        let system = messages[0]
        #expect(system.role == .system)
        #expect(system.content.contains("PostgreSQL SQL for the database \"shop\""))
        #expect(system.content.contains("exactly one read-only statement"))
        #expect(system.content.contains("```sql"))
        #expect(system.content.contains("CREATE TABLE albums (id integer);"))
        #expect(messages.last == .user("How many albums?"))
        #expect(messages.count == 2)
    }

    @Test("history is bounded by message count and size, newest kept, assistant turns shown as their SQL")
    func historyWindow() {
        let history = (0..<10).map { index in
            index.isMultiple(of: 2) ? message(index, .user, "question \(index)") : message(index, .assistant, "answer \(index)", sql: "SELECT \(index)")
        }
        let messages = PromptBuilder(historyMessages: 3, historyCharacters: 1_000).messages(question: "next", dialect: .sqlite, databaseName: "db", schemaDDL: "", history: history)
        #expect(messages.map(\.content).dropFirst() == ["```sql\nSELECT 7\n```", "question 8", "```sql\nSELECT 9\n```", "next"])

        let tight = PromptBuilder(historyMessages: 10, historyCharacters: 20).messages(question: "next", dialect: .sqlite, databaseName: "db", schemaDDL: "", history: history)
        #expect(tight.map(\.content).dropFirst() == ["question 8", "```sql\nSELECT 9\n```", "next"])
    }

    @Test("each failed attempt is fed back with its reason")
    func corrections() {
        let messages = PromptBuilder().messages(
            question: "Top artists", dialect: .sqlite, databaseName: "db", schemaDDL: "",
            corrections: [.init(previousAnswer: "```sql\nDELETE FROM artists\n```", problem: "Only a single read-only SELECT is allowed; found DELETE.")])
        #expect(messages.count == 4)
        #expect(messages[2] == .assistant("```sql\nDELETE FROM artists\n```"))
        #expect(messages[3].role == .user)
        #expect(messages[3].content.contains("found DELETE"))
    }

    @Test("every dialect gets its own conventions", arguments: SQLDialect.allCases)
    func dialectNotes(dialect: SQLDialect) {
        let prompt = PromptBuilder().systemPrompt(dialect: dialect, databaseName: "db", schemaDDL: "")
        let expected = ["sqlite": "strftime", "postgresql": "ILIKE", "mysql": "backticks", "sqlserver": "TOP"][dialect.rawValue] ?? "?"
        #expect(prompt.contains(expected))
    }
}
