/// How a request recorded in the ``AuditLog`` ended.
public enum AuditOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// The request was answered: SQL was produced (and run, unless the caller asked not to).
    case answered
    /// No acceptable SQL: the SQL guard (or the read-only database) refused every attempt.
    case refusedByGuard
    /// The usage policy (credits, quotas, plan) denied the request before anything was spent.
    case deniedByPolicy
    /// The request failed for another reason (model, database, configuration); see ``AuditRecord/failure``.
    case failed
    /// The caller cancelled the request before it finished.
    case cancelled
}
