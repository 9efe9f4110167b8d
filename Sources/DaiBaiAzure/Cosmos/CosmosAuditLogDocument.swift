import DaiBaiCore
import Foundation

/// An audit record as stored: one document per record, `type` `auditRecord`, in its tenant's
/// partition, with id `audit_<record id>`. Absent optional fields are left out of the document.
struct CosmosAuditLogDocument: Codable, Sendable, Equatable {
    static let type = "auditRecord"

    var id: String
    var type: String = Self.type
    var tenantId: String
    var userId: String
    var recordId: String
    var timestampMs: Int64
    var requestId: String?
    var conversationId: String?
    var question: String
    var databaseName: String?
    var sql: String?
    var source: String?
    var rowsReturned: Int?
    var outcome: String
    var failure: String?
    var provider: String?
    var model: String?
    var payer: String?
    var attempts: Int

    /// `audit_<lowercase record id>`: unique per record in the tenant's partition.
    static func documentID(_ recordID: UUID) -> String {
        "audit_\(recordID.uuidString.lowercased())"
    }

    /// The document of `record` (already checked for its context).
    init(record: AuditRecord) {
        self.id = Self.documentID(record.id)
        self.tenantId = record.tenant.rawValue
        self.userId = record.user.rawValue
        self.recordId = record.id.uuidString.lowercased()
        self.timestampMs = CosmosStoreTime.milliseconds(record.timestamp)
        self.requestId = record.requestID
        self.conversationId = record.conversationID
        self.question = record.question
        self.databaseName = record.databaseName
        self.sql = record.sql
        self.source = record.source?.rawValue
        self.rowsReturned = record.rowsReturned
        self.outcome = record.outcome.rawValue
        self.failure = record.failure
        self.provider = record.provider
        self.model = record.model
        self.payer = record.payer?.rawValue
        self.attempts = record.attempts
    }

    /// Whether the document is an audit record of `tenant`, stored under its own id.
    func isOwned(by tenant: TenantID) -> Bool {
        type == Self.type && tenantId == tenant.rawValue && UUID(uuidString: recordId).map(Self.documentID) == id
    }

    /// The record; ``AuditLogError/corrupt(_:)`` when a field does not decode.
    func record() throws(AuditLogError) -> AuditRecord {
        guard let recordID = UUID(uuidString: recordId) else { throw .corrupt("audit document '\(id)' has an invalid record id") }
        guard let tenant = TenantID(rawValue: tenantId), let user = UserID(rawValue: userId) else {
            throw .corrupt("audit document '\(id)' has an invalid tenant or user id")
        }
        guard let outcome = AuditOutcome(rawValue: outcome) else { throw .corrupt("audit document '\(id)' has an unknown outcome") }
        var answerSource: AnswerSource?
        if let source {
            guard let value = AnswerSource(rawValue: source) else { throw .corrupt("audit document '\(id)' has an unknown source") }
            answerSource = value
        }
        var usagePayer: UsagePayer?
        if let payer {
            guard let value = UsagePayer(rawValue: payer) else { throw .corrupt("audit document '\(id)' has an unknown payer") }
            usagePayer = value
        }
        return AuditRecord(
            id: recordID, tenant: tenant, user: user, timestamp: CosmosStoreTime.date(milliseconds: timestampMs),
            requestID: requestId, conversationID: conversationId, question: question, databaseName: databaseName,
            sql: sql, source: answerSource, rowsReturned: rowsReturned, outcome: outcome, failure: failure,
            provider: provider, model: model, payer: usagePayer, attempts: attempts)
    }
}
