/// The steps of the pipeline, each a tracing span and an ``AgentEvent``.
public enum AgentStep: String, Sendable, Hashable, Codable, CaseIterable {
    /// The usage policy is asked before any money is spent.
    case policy
    /// The verified-query cache is searched.
    case cache
    /// The schema is loaded (or refreshed) and pruned for the question.
    case schema
    /// The prompt is assembled.
    case prompt
    /// The model generates.
    case generation
    /// The SQL is taken from the model's answer.
    case extraction
    /// The SQL guard checks the statement.
    case guardCheck = "guard"
    /// The database runs the statement.
    case execution
    /// The exchange is stored in the chat history.
    case persistence
    /// Usage events are recorded.
    case usage
}

/// A finished step: what ran, in which attempt, how long it took, and what it found.
public struct AgentStepReport: Sendable, Hashable {
    /// The step.
    public var step: AgentStep
    /// The generation attempt it belongs to (1 for steps before generation).
    public var attempt: Int
    /// How long it took.
    public var duration: Duration
    /// A short, user-presentable summary (for example "3 of 11 tables", "cache hit").
    public var detail: String

    /// Creates a report.
    public init(step: AgentStep, attempt: Int, duration: Duration, detail: String) {
        self.step = step
        self.attempt = attempt
        self.duration = duration
        self.detail = detail
    }
}
