import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

/// Audit records themselves: rounding, validation, JSON, the Agent factories and the default log.
@Suite("AuditLog records")
struct AuditLogRecordTests {
    let a = TestContexts.a

    @Test("the initializer rounds the timestamp to the millisecond")
    func rounding() {
        let record = AuditRecord(tenant: a.tenant, user: a.user, timestamp: Date(timeIntervalSince1970: 1_700_000_000.123_6), question: "q", outcome: .answered)
        #expect(record.timestamp == Date(timeIntervalSince1970: 1_700_000_000.124))
        #expect(AuditCursor.olderThan(Date(timeIntervalSince1970: 5.000_4)).timestamp == Date(timeIntervalSince1970: 5))
    }

    @Test("a record round-trips through JSON")
    func codable() throws {
        for record in [AuditLogFixtures.record(a, 4, outcome: .refusedByGuard), AuditLogFixtures.bare(a, 5)] {
            let data = try JSONEncoder().encode(record)
            #expect(try JSONDecoder().decode(AuditRecord.self, from: data) == record)
        }
        let json = String(decoding: try JSONEncoder().encode(AuditLogFixtures.record(a, 2)), as: UTF8.self)
        #expect(json.contains("\"outcome\":\"answered\"") && json.contains("\"payer\":\"byok\"") && json.contains("\"source\":\"model\""))
    }

    @Test("answered(_:) takes the answer's fields and counts its rows")
    func answeredFactory() throws {
        let answer = AgentAnswer(
            question: "How many?", databaseName: "shop", sql: "SELECT 1", source: .model,
            result: QueryResult(columns: ["n"], rows: [[.integer(1)], [.integer(2)]], truncated: false),
            conversationID: "c1", attempts: 2, usage: TokenUsage(inputTokens: 10, outputTokens: 5), model: "gpt-4o", steps: [])
        let id = AuditLogFixtures.id(1)
        let record = AuditRecord.answered(answer, context: a, id: id, timestamp: AuditLogFixtures.time, requestID: "r1", provider: "openai", payer: .tenant)
        #expect(record == AuditRecord(
            id: id, tenant: a.tenant, user: a.user, timestamp: AuditLogFixtures.time, requestID: "r1", conversationID: "c1",
            question: "How many?", databaseName: "shop", sql: "SELECT 1", source: .model, rowsReturned: 2, outcome: .answered,
            provider: "openai", model: "gpt-4o", payer: .tenant, attempts: 2))

        var notRun = answer
        notRun.result = nil
        notRun.source = .verifiedCache
        #expect(AuditRecord.answered(notRun, context: a).rowsReturned == nil)
        #expect(try AuditRecord.answered(notRun, context: a).validated(for: a).source == .verifiedCache)
    }

    @Test("failed(_:request:) maps the error to an outcome and keeps its description", arguments: [
        (AgentError.usageDenied(UsageDenial(.creditsExhausted, message: "No credits left.")), AuditOutcome.deniedByPolicy),
        (AgentError.cancelled, .cancelled),
        (AgentError.model(.cancelled), .cancelled),
        (AgentError.attemptsExhausted(attempts: 2, lastProblem: "DROP is not allowed"), .refusedByGuard),
        (AgentError.model(.overloaded(provider: "openai")), .failed),
        (AgentError.databaseUnavailable(name: "shop", reason: "not found"), .failed),
        (AgentError.noSQLProduced(explanation: "I cannot"), .failed),
    ])
    func failedFactory(error: AgentError, outcome: AuditOutcome) throws {
        let request = AgentRequest(question: "Drop it", context: a, conversationID: "c9", databaseName: "shop")
        let record = AuditRecord.failed(error, request: request, sql: "DROP TABLE t", attempts: 2, provider: "openai", model: "m", payer: .platform)
        #expect(record.outcome == outcome)
        #expect(record.failure == error.description)
        #expect(record.question == "Drop it" && record.conversationID == "c9" && record.databaseName == "shop")
        #expect(record.sql == "DROP TABLE t" && record.rowsReturned == nil && record.attempts == 2)
        #expect(record.tenant == a.tenant && record.user == a.user)
        _ = try record.validated(for: a)
    }

    @Test("the factories shorten oversized text so the record can always be appended")
    func factoriesTruncate() throws {
        let huge = String(repeating: "ü", count: AuditLogLimits.maxFieldBytes)  // twice the limit in bytes
        let request = AgentRequest(question: huge, context: a)
        let record = AuditRecord.failed(.invalidQuestion("too long"), request: request)
        #expect(record.question.utf8.count <= AuditLogLimits.maxFieldBytes)
        #expect(record.question.hasSuffix("…") && record.question.hasPrefix("üüü"))
        _ = try record.validated(for: a)
        #expect(AuditLogLimits.truncated("short") == "short")
        let exact = String(repeating: "a", count: AuditLogLimits.maxFieldBytes)
        #expect(AuditLogLimits.truncated(exact) == exact)
    }

    @Test("the discarding log keeps nothing but still refuses another context's record")
    func discarding() async throws {
        let log = DiscardingAuditLog()
        try await log.append(AuditLogFixtures.record(a, 1), context: a)
        #expect(try await log.records(context: a, limit: 10).isEmpty)
        await expectError(AuditLogError.self, { if case .contextMismatch = $0 { true } else { false } }) {
            try await log.append(AuditLogFixtures.record(TestContexts.b, 1), context: a)
        }
        await #expect(throws: AuditLogError.self) { _ = try await log.records(context: a, limit: 0) }
    }

    @Test("error messages say what to do and never echo a record's text")
    func errorMessages() {
        let id = AuditLogFixtures.id(7)
        #expect(AuditLogError.conflictingRecord(id: id).description.contains("00000000-0000-0000-0000-000000000007"))
        let mismatch = AuditLogError.contextMismatch(recordTenant: TestContexts.tenantB, recordUser: TestContexts.alice, context: a)
        #expect(mismatch.description == "An audit record of tenant-b/alice cannot be appended for tenant-a/alice: append each record with the context of the request it describes.")
    }
}
