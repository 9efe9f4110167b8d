/// What ``Agent/stream(_:)`` reports, in order, for a UI to show.
public enum AgentEvent: Sendable, Hashable {
    /// A step finished.
    case step(AgentStepReport)
    /// More text from the model, as it is generated.
    case modelDelta(String)
    /// SQL was produced (from the cache or the model) for the given attempt.
    case sql(String, attempt: Int)
    /// The attempt failed (guard rejection or database error) and the model is asked to correct it.
    case retrying(reason: String, attempt: Int)
    /// The query ran.
    case rows(QueryResult)
    /// The final answer; nothing follows.
    case completed(AgentAnswer)
}
