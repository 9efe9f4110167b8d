import Foundation

extension AuditRecord {
    /// The record of an answered request: the answer's question, database, SQL, source,
    /// conversation, attempts and model, and the rows returned (`nil` when the SQL was not run).
    ///
    /// Text fields longer than ``AuditLogLimits/maxFieldBytes`` are shortened, so the record can
    /// always be appended.
    /// - Parameters:
    ///   - answer: The Agent's answer.
    ///   - context: Who asked.
    ///   - id: The record's identity; keep it when retrying the append.
    ///   - timestamp: When the request was made.
    ///   - requestID: The caller's request or trace id.
    ///   - provider: The model provider called (`nil` for a verified-cache hit).
    ///   - payer: Whose key paid (`nil` when no model was called).
    public static func answered(
        _ answer: AgentAnswer, context: RequestContext, id: UUID = UUID(), timestamp: Date = Date(),
        requestID: String? = nil, provider: String? = nil, payer: UsagePayer? = nil
    ) -> AuditRecord {
        AuditRecord(
            id: id, tenant: context.tenant, user: context.user, timestamp: timestamp,
            requestID: requestID.map(AuditLogLimits.truncated),
            conversationID: AuditLogLimits.truncated(answer.conversationID),
            question: AuditLogLimits.truncated(answer.question),
            databaseName: AuditLogLimits.truncated(answer.databaseName),
            sql: AuditLogLimits.truncated(answer.sql), source: answer.source,
            rowsReturned: answer.result?.rows.count, outcome: .answered,
            provider: provider.map(AuditLogLimits.truncated), model: answer.model.map(AuditLogLimits.truncated),
            payer: payer, attempts: max(0, answer.attempts))
    }

    /// The record of a request that ended with `error`: the outcome is ``AuditOutcome/init(_:)``
    /// of the error and ``failure`` its description (safe to show, never a secret).
    ///
    /// Text fields longer than ``AuditLogLimits/maxFieldBytes`` are shortened, so the record can
    /// always be appended (also for a question refused as too long).
    /// - Parameters:
    ///   - error: Why the Agent could not answer.
    ///   - request: The request as asked (question, context, conversation, database).
    ///   - id: The record's identity; keep it when retrying the append.
    ///   - timestamp: When the request was made.
    ///   - requestID: The caller's request or trace id.
    ///   - databaseName: The database resolved, when it was (defaults to the request's).
    ///   - sql: The last SQL attempted, when there was one.
    ///   - source: Where that SQL came from.
    ///   - attempts: Model attempts used.
    ///   - provider: The model provider called, when one was.
    ///   - model: The model called, when one was.
    ///   - payer: Whose key paid, when a model was called.
    public static func failed(
        _ error: AgentError, request: AgentRequest, id: UUID = UUID(), timestamp: Date = Date(),
        requestID: String? = nil, databaseName: String? = nil, sql: String? = nil, source: AnswerSource? = nil,
        attempts: Int = 0, provider: String? = nil, model: String? = nil, payer: UsagePayer? = nil
    ) -> AuditRecord {
        AuditRecord(
            id: id, tenant: request.context.tenant, user: request.context.user, timestamp: timestamp,
            requestID: requestID.map(AuditLogLimits.truncated),
            conversationID: request.conversationID.map(AuditLogLimits.truncated),
            question: AuditLogLimits.truncated(request.question),
            databaseName: (databaseName ?? request.databaseName).map(AuditLogLimits.truncated),
            sql: sql.map(AuditLogLimits.truncated), source: source, rowsReturned: nil,
            outcome: AuditOutcome(error), failure: AuditLogLimits.truncated(error.description),
            provider: provider.map(AuditLogLimits.truncated), model: model.map(AuditLogLimits.truncated),
            payer: payer, attempts: max(0, attempts))
    }
}

extension AuditOutcome {
    /// The outcome of a request that ended with `error`: ``deniedByPolicy`` for a usage denial,
    /// ``cancelled`` for a cancelled request (or model call), ``refusedByGuard`` when every SQL
    /// attempt was refused, ``failed`` otherwise.
    public init(_ error: AgentError) {
        switch error {
        case .usageDenied: self = .deniedByPolicy
        case .cancelled, .model(.cancelled): self = .cancelled
        case .attemptsExhausted: self = .refusedByGuard
        default: self = .failed
        }
    }
}
