/// Why the Agent could not answer. Messages are safe to show to the user.
public enum AgentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The usage policy denied the request before anything was spent; the denial says why.
    case usageDenied(UsageDenial)
    /// The question is empty or too long.
    case invalidQuestion(String)
    /// No database of that name is available to the caller.
    case databaseUnavailable(name: String?, reason: String)
    /// The model answered without SQL; its explanation, if short, is included.
    case noSQLProduced(explanation: String)
    /// Every attempt produced SQL the guard rejected or the database refused.
    case attemptsExhausted(attempts: Int, lastProblem: String)
    /// The model call failed.
    case model(LLMError)
    /// No model could be picked for the request (for example the user's key vault failed).
    case modelUnavailable(ModelResolutionError)
    /// Reading or writing the chat history failed.
    case chatStore(ChatStoreError)
    /// The request was cancelled.
    case cancelled

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .usageDenied(let denial): "The request was not allowed: \(denial.message)"
        case .invalidQuestion(let message): "Invalid question: \(message)"
        case .databaseUnavailable(let name, let reason): "Database \(name.map { "'\($0)'" } ?? "(default)") is not available: \(reason)"
        case .noSQLProduced(let explanation): "No SQL produced." + (explanation.isEmpty ? "" : " The model said: \(explanation)")
        case .attemptsExhausted(let attempts, let problem): "No acceptable SQL after \(attempts) attempt(s). Last problem: \(problem)"
        case .model(let error): "\(error)"
        case .modelUnavailable(let error): "\(error)"
        case .chatStore(let error): "\(error)"
        case .cancelled: "The request was cancelled."
        }
    }
}
