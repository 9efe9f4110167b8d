import Foundation

/// The audit trail of questions: who asked what, against which database, which SQL ran, how
/// many rows came back and whose key paid — kept apart from diagnostic logs, append-only, and
/// partitioned by tenant.
///
/// The Agent appends one ``AuditRecord`` per answered or failed request. There is no API to
/// change or remove a record: ``append(_:context:)`` adds one, and appending a record whose
/// ``AuditRecord/id`` is already stored does nothing (so a retry after a lost response is safe),
/// while a *different* record under a stored id is refused with
/// ``AuditLogError/conflictingRecord(id:)``.
///
/// Reading is per tenant: ``records(context:limit:before:user:)`` returns the records of
/// `context`'s tenant — **of all its users** unless `user` narrows it. The log does not decide
/// who may read it; the application gives this call only to its tenant's audit readers
/// (administrators), never to every user.
///
/// Implementations: ``SQLiteAuditLog`` (local; triggers refuse `UPDATE` and `DELETE`),
/// ``DiscardingAuditLog`` (the default: keeps nothing), Cosmos DB (`CosmosAuditLog` in
/// `DaiBaiAzure`, one partition per tenant), and an in-memory fake in `DaiBaiTesting`.
public protocol AuditLog: Sendable {
    /// Appends `record`, whose tenant and user must be `context`'s.
    ///
    /// - Throws: ``AuditLogError/contextMismatch(recordTenant:recordUser:context:)`` for a record
    ///   of another tenant or user; ``AuditLogError/invalidRecord(_:)`` for a record that breaks
    ///   ``AuditRecord/validated(for:)``; ``AuditLogError/conflictingRecord(id:)`` when a different
    ///   record with the same id is stored; ``AuditLogError/unavailable(_:)`` when the backend fails.
    func append(_ record: AuditRecord, context: RequestContext) async throws(AuditLogError)

    /// The records of `context`'s tenant, newest first (see ``AuditRecord/newestFirst(_:_:)``),
    /// at most `limit` (1...``AuditLogLimits/maxPageSize``).
    ///
    /// - Parameters:
    ///   - context: Who reads; only records of its tenant are returned, of every user of the tenant.
    ///   - limit: The most records returned.
    ///   - before: Where the page starts: only records listed after this position; `nil` for the newest.
    ///   - user: Only this user's records; `nil` for every user of the tenant.
    func records(context: RequestContext, limit: Int, before: AuditCursor?, user: UserID?) async throws(AuditLogError) -> [AuditRecord]
}

extension AuditLog {
    /// The newest records of `context`'s tenant (of `user` only, when given), at most `limit`.
    public func records(context: RequestContext, limit: Int, user: UserID? = nil) async throws(AuditLogError) -> [AuditRecord] {
        try await records(context: context, limit: limit, before: nil, user: user)
    }

    /// The records of `context`'s tenant strictly older than `date` (to the millisecond), newest first.
    public func records(context: RequestContext, limit: Int, before date: Date, user: UserID? = nil) async throws(AuditLogError) -> [AuditRecord] {
        try await records(context: context, limit: limit, before: .olderThan(date), user: user)
    }
}
