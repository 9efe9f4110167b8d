import Foundation

/// One entry of the ``AuditLog``: who asked what, against which database, which SQL ran, how
/// many rows came back, and whose model key paid — one record per answered or failed request.
///
/// The ``id`` makes appends idempotent: appending a record whose id is already stored keeps the
/// stored one (a retried append is safe). Times are kept to the millisecond: the initializer
/// rounds ``timestamp``, so a record reads back equal to the one appended.
///
/// Never put secrets in a record: ``failure`` is an error's description (DaiBai's typed errors
/// never contain secret values), and the question and SQL are the user's own words.
public struct AuditRecord: Sendable, Hashable, Codable {
    /// The record's identity; appending the same id twice keeps one record.
    public var id: UUID
    /// The tenant the request was made for (the log's partition).
    public var tenant: TenantID
    /// The user who asked.
    public var user: UserID
    /// When the request was made (or finished), to the millisecond.
    public var timestamp: Date
    /// The caller's request id (for example an HTTP request or trace id), to join with diagnostic logs.
    public var requestID: String?
    /// The conversation the exchange belongs to, when there is one.
    public var conversationID: String?
    /// The question as asked.
    public var question: String
    /// The database queried (or asked for); `nil` for the default one when it was never resolved.
    public var databaseName: String?
    /// The SQL as run (after the guard), or the last SQL attempted when nothing ran; `nil` when none was produced.
    public var sql: String?
    /// Where the SQL came from; `nil` when none was produced.
    public var source: AnswerSource?
    /// How many rows the query returned; `nil` when it was not run.
    public var rowsReturned: Int?
    /// How the request ended.
    public var outcome: AuditOutcome
    /// What went wrong, when the request did not succeed: an error's description, never a secret.
    public var failure: String?
    /// The model provider called (for example `openai`), when one was.
    public var provider: String?
    /// The model called (for example `gpt-4o`), when one was.
    public var model: String?
    /// Whose key paid for the model's tokens; `nil` when no model was called.
    public var payer: UsagePayer?
    /// Model attempts used (0 for a verified-cache hit or a request refused before the model).
    public var attempts: Int

    /// Creates a record; `timestamp` is rounded to the millisecond.
    /// - Parameters:
    ///   - id: The record's identity; keep it when retrying an append.
    ///   - tenant: The tenant the request was made for.
    ///   - user: The user who asked.
    ///   - timestamp: When the request was made.
    ///   - requestID: The caller's request or trace id.
    ///   - conversationID: The conversation of the exchange.
    ///   - question: The question as asked.
    ///   - databaseName: The database queried.
    ///   - sql: The SQL as run.
    ///   - source: Where the SQL came from.
    ///   - rowsReturned: Rows the query returned.
    ///   - outcome: How the request ended.
    ///   - failure: What went wrong (an error's description).
    ///   - provider: The model provider called.
    ///   - model: The model called.
    ///   - payer: Whose key paid.
    ///   - attempts: Model attempts used.
    public init(
        id: UUID = UUID(),
        tenant: TenantID,
        user: UserID,
        timestamp: Date = Date(),
        requestID: String? = nil,
        conversationID: String? = nil,
        question: String,
        databaseName: String? = nil,
        sql: String? = nil,
        source: AnswerSource? = nil,
        rowsReturned: Int? = nil,
        outcome: AuditOutcome,
        failure: String? = nil,
        provider: String? = nil,
        model: String? = nil,
        payer: UsagePayer? = nil,
        attempts: Int = 0
    ) {
        self.id = id
        self.tenant = tenant
        self.user = user
        self.timestamp = Self.millisecondRounded(timestamp)
        self.requestID = requestID
        self.conversationID = conversationID
        self.question = question
        self.databaseName = databaseName
        self.sql = sql
        self.source = source
        self.rowsReturned = rowsReturned
        self.outcome = outcome
        self.failure = failure
        self.provider = provider
        self.model = model
        self.payer = payer
        self.attempts = attempts
    }

    /// The record as a store keeps it, after checking it may be appended for `context`:
    /// its tenant and user are `context`'s, its counts are not negative, its text fields are at
    /// most ``AuditLogLimits/maxFieldBytes`` and its timestamp lies in the years 1–9999 (it is
    /// rounded to the millisecond). Every ``AuditLog`` calls this first.
    public func validated(for context: RequestContext) throws(AuditLogError) -> AuditRecord {
        guard tenant == context.tenant, user == context.user else {
            throw .contextMismatch(recordTenant: tenant, recordUser: user, context: context)
        }
        guard attempts >= 0 else { throw .invalidRecord("attempts is \(attempts); it cannot be negative") }
        if let rowsReturned, rowsReturned < 0 {
            throw .invalidRecord("rowsReturned is \(rowsReturned); it cannot be negative")
        }
        let seconds = timestamp.timeIntervalSince1970
        guard seconds.isFinite, (Self.earliestSeconds...Self.latestSeconds).contains(seconds) else {
            throw .invalidRecord("the timestamp is outside the years 1-9999")
        }
        let texts: [(String, String?)] = [
            ("question", question), ("requestID", requestID), ("conversationID", conversationID),
            ("databaseName", databaseName), ("sql", sql), ("failure", failure), ("provider", provider), ("model", model),
        ]
        for (name, value) in texts {
            if let value, value.utf8.count > AuditLogLimits.maxFieldBytes {
                throw .invalidRecord("\(name) is \(value.utf8.count) bytes; at most \(AuditLogLimits.maxFieldBytes) are kept (AuditLogLimits.truncated shortens it)")
            }
        }
        var stored = self
        stored.timestamp = Self.millisecondRounded(timestamp)
        return stored
    }

    /// Whether `lhs` is listed before `rhs` by ``AuditLog/records(context:limit:before:user:)``:
    /// the newer timestamp first, then, within one millisecond, the greater id (lowercase text).
    public static func newestFirst(_ lhs: AuditRecord, _ rhs: AuditRecord) -> Bool {
        let left = milliseconds(lhs.timestamp), right = milliseconds(rhs.timestamp)
        if left != right { return left > right }
        return sortKey(lhs.id) > sortKey(rhs.id)
    }

    /// `0001-01-01T00:00:00Z`.
    static let earliestSeconds: TimeInterval = -62_135_596_800
    /// `9999-12-31T23:59:59Z`.
    static let latestSeconds: TimeInterval = 253_402_300_799

    /// Milliseconds since 1970, as every store keeps a record's time (clamped to the accepted years).
    static func milliseconds(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite else { return 0 }
        return Int64((min(max(seconds, earliestSeconds), latestSeconds) * 1000).rounded())
    }

    /// `date` rounded to the millisecond.
    static func millisecondRounded(_ date: Date) -> Date {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, (earliestSeconds...latestSeconds).contains(seconds) else { return date }
        return Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }

    /// The id as stores keep and order it: lowercase text.
    static func sortKey(_ id: UUID) -> String { id.uuidString.lowercased() }
}
