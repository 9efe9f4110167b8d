/// Assembles what the model sees: a dialect-specific system prompt, the pruned schema,
/// a bounded window of the conversation, the question, and any correction round.
public struct PromptBuilder: Sendable, Hashable {
    /// The most earlier messages of the conversation included.
    public var historyMessages: Int
    /// The most characters of history included (older messages are dropped first).
    public var historyCharacters: Int

    /// Creates a builder (defaults: 6 messages, 4,000 characters of history).
    public init(historyMessages: Int = 6, historyCharacters: Int = 4_000) {
        self.historyMessages = historyMessages
        self.historyCharacters = historyCharacters
    }

    /// A failed attempt to show the model, so it can correct itself.
    public struct Correction: Sendable, Hashable {
        /// What the model answered.
        public var previousAnswer: String
        /// Why it failed: the guard's reason or the database's error.
        public var problem: String

        /// Creates a correction round.
        public init(previousAnswer: String, problem: String) {
            self.previousAnswer = previousAnswer
            self.problem = problem
        }
    }

    /// The messages for one generation.
    /// - Parameters:
    ///   - question: The user's question.
    ///   - dialect: The database's dialect.
    ///   - databaseName: The database's name, shown to the model.
    ///   - schemaDDL: The pruned schema, as compact DDL.
    ///   - history: Earlier messages of the conversation, oldest first.
    ///   - corrections: Earlier failed attempts of this question, oldest first.
    public func messages(
        question: String,
        dialect: SQLDialect,
        databaseName: String,
        schemaDDL: String,
        history: [ChatMessage] = [],
        corrections: [Correction] = []
    ) -> [LLMMessage] {
        var messages = [LLMMessage.system(systemPrompt(dialect: dialect, databaseName: databaseName, schemaDDL: schemaDDL))]
        for message in window(of: history) {
            switch message.role {
            case .user: messages.append(.user(message.content))
            case .assistant: messages.append(.assistant(message.sql.map { "```sql\n\($0)\n```" } ?? message.content))
            case .system: continue
            }
        }
        messages.append(.user(question))
        for correction in corrections {
            messages.append(.assistant(correction.previousAnswer))
            messages.append(.user("That did not work: \(correction.problem)\nWrite one corrected read-only query for the original question, in a ```sql block."))
        }
        return messages
    }

    /// The system prompt: the rules, the dialect's conventions and the schema.
    public func systemPrompt(dialect: SQLDialect, databaseName: String, schemaDDL: String) -> String {
        """
        You translate questions into \(Self.dialectName(dialect)) SQL for the database "\(databaseName)".
        Rules:
        - Answer with exactly one read-only statement (SELECT, or WITH ... SELECT) in a ```sql fenced block.
        - Use only the tables and columns listed below; never invent names.
        - Never write, change or lock data, and never call functions that read files, sleep or change settings.
        - \(Self.dialectNotes(dialect))
        - If the question cannot be answered from these tables, say so in one sentence without SQL.

        Schema:
        \(schemaDDL)
        """
    }

    static func dialectName(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "SQLite"
        case .postgresql: "PostgreSQL"
        case .mysql: "MySQL"
        case .sqlserver: "SQL Server (T-SQL)"
        }
    }

    static func dialectNotes(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "SQLite: limit rows with LIMIT, format dates with strftime, quote identifiers with double quotes."
        case .postgresql: "PostgreSQL: limit rows with LIMIT, use ILIKE for case-insensitive matching, quote identifiers with double quotes."
        case .mysql: "MySQL: limit rows with LIMIT, quote identifiers with backticks, strings with single quotes."
        case .sqlserver: "SQL Server: limit rows with TOP (n) or OFFSET ... FETCH, quote identifiers with square brackets."
        }
    }

    /// The most recent messages within both bounds, oldest first.
    func window(of history: [ChatMessage]) -> [ChatMessage] {
        var kept: [ChatMessage] = []
        var characters = 0
        for message in history.reversed() where message.role != .system {
            let size = message.sql?.count ?? message.content.count
            guard kept.count < historyMessages, characters + size <= historyCharacters else { break }
            kept.append(message)
            characters += size
        }
        return kept.reversed()
    }
}
