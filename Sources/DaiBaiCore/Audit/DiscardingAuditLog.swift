/// An ``AuditLog`` that keeps nothing: the default when no audit log is configured.
///
/// Appends are still checked (a record of another tenant or user is refused), so a caller that
/// builds records wrongly fails the same way with every log.
public struct DiscardingAuditLog: AuditLog {
    /// Creates the log.
    public init() {}

    /// Checks `record` for `context` and discards it.
    public func append(_ record: AuditRecord, context: RequestContext) async throws(AuditLogError) {
        _ = try record.validated(for: context)
    }

    /// No records (after checking `limit`).
    public func records(context: RequestContext, limit: Int, before: AuditCursor?, user: UserID?) async throws(AuditLogError) -> [AuditRecord] {
        try AuditLogLimits.validatePageSize(limit)
        return []
    }
}
