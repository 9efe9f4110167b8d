/// Where the answer's SQL came from.
public enum AnswerSource: String, Sendable, Hashable, Codable {
    /// A verified query matched the question; the model was not called.
    case verifiedCache
    /// The model generated it.
    case model
}

/// The Agent's answer to one question.
public struct AgentAnswer: Sendable, Hashable {
    /// The question.
    public var question: String
    /// The database queried.
    public var databaseName: String
    /// The guarded SQL.
    public var sql: String
    /// Where the SQL came from.
    public var source: AnswerSource
    /// The rows, when the SQL was run.
    public var result: QueryResult?
    /// The conversation the exchange was stored in.
    public var conversationID: String
    /// Model attempts used (0 for a cache hit).
    public var attempts: Int
    /// Tokens the model calls consumed.
    public var usage: TokenUsage
    /// The model's name, when one was called.
    public var model: String?
    /// The steps, in order, with their durations.
    public var steps: [AgentStepReport]

    /// Creates an answer.
    public init(question: String, databaseName: String, sql: String, source: AnswerSource, result: QueryResult?, conversationID: String, attempts: Int, usage: TokenUsage, model: String?, steps: [AgentStepReport]) {
        self.question = question
        self.databaseName = databaseName
        self.sql = sql
        self.source = source
        self.result = result
        self.conversationID = conversationID
        self.attempts = attempts
        self.usage = usage
        self.model = model
        self.steps = steps
    }
}
