import DaiBaiCore
import Synchronization

/// An ``AuditLog`` kept in memory, for tests.
///
/// Behaves like ``SQLiteAuditLog``: records per (tenant, id), an identical re-append is a no-op,
/// a different record under a stored id is refused, listings are per tenant and newest first.
/// ``records`` shows everything appended (every tenant), and ``failAppends(with:)`` makes
/// appends fail, for tests of what a caller does when auditing fails.
public final class InMemoryAuditLog: AuditLog {
    private struct State {
        var records: [AuditRecord] = []
        var appendFailure: AuditLogError?
    }

    private let state = Mutex(State())

    /// An empty log.
    public init() {}

    /// Appends `record` (whose tenant and user must be `context`'s); an identical record already
    /// stored under its id is left as it is.
    public func append(_ record: AuditRecord, context: RequestContext) async throws(AuditLogError) {
        let stored = try record.validated(for: context)
        let result: Result<Void, AuditLogError> = state.withLock { state in
            if let failure = state.appendFailure { return .failure(failure) }
            if let existing = state.records.first(where: { $0.tenant == stored.tenant && $0.id == stored.id }) {
                return existing == stored ? .success(()) : .failure(.conflictingRecord(id: stored.id))
            }
            state.records.append(stored)
            return .success(())
        }
        try result.get()
    }

    /// The records of `context`'s tenant (of `user` only, when given), newest first, after `before`.
    public func records(context: RequestContext, limit: Int, before: AuditCursor?, user: UserID?) async throws(AuditLogError) -> [AuditRecord] {
        try AuditLogLimits.validatePageSize(limit)
        return state.withLock { state in
            Array(
                state.records
                    .filter { $0.tenant == context.tenant && (user == nil || $0.user == user) && (before?.admits($0) ?? true) }
                    .sorted(by: AuditRecord.newestFirst)
                    .prefix(limit))
        }
    }

    /// Every record appended so far, of every tenant, in the order they were appended.
    public var records: [AuditRecord] { state.withLock { $0.records } }

    /// Makes every later append throw `error` (`nil`: appends work again).
    public func failAppends(with error: AuditLogError?) {
        state.withLock { $0.appendFailure = error }
    }
}
