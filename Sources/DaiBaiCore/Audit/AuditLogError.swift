import Foundation

/// Why an ``AuditLog`` call failed. Messages never contain a record's question, SQL or failure text.
public enum AuditLogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The record belongs to another tenant or user than the context it was appended for.
    case contextMismatch(recordTenant: TenantID, recordUser: UserID, context: RequestContext)
    /// The record breaks a rule (a negative count, a field longer than ``AuditLogLimits/maxFieldBytes``,
    /// a timestamp out of range); the message says which.
    case invalidRecord(String)
    /// An argument was rejected before anything was read (for example a page size out of range).
    case invalidArgument(String)
    /// A different record with this id is already in the log; records are never replaced.
    case conflictingRecord(id: UUID)
    /// The backend could not be reached or refused the call.
    case unavailable(String)
    /// A stored record could not be read back.
    case corrupt(String)

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .contextMismatch(let tenant, let user, let context):
            "An audit record of \(tenant)/\(user) cannot be appended for \(context): append each record with the context of the request it describes."
        case .invalidRecord(let reason):
            "The audit record is invalid: \(reason)."
        case .invalidArgument(let reason):
            "Invalid audit log argument: \(reason)."
        case .conflictingRecord(let id):
            "The audit log already holds a different record with id \(id.uuidString.lowercased()); records are append-only, so give every new record a new id."
        case .unavailable(let reason):
            "The audit log is unavailable: \(reason). Retry later; an append is retried safely with the same record (its id makes it idempotent)."
        case .corrupt(let reason):
            "A stored audit record is corrupt: \(reason)."
        }
    }
}
