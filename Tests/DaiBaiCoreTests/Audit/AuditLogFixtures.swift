import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Testing

/// Records and logs for the audit log tests.
enum AuditLogFixtures {
    /// A time with whole milliseconds, which every log keeps exactly.
    static let time = Date(timeIntervalSince1970: 1_700_000_000.123)

    /// The id `00000000-0000-0000-0000-<n, 12 digits>`: ids sort as their numbers do.
    static func id(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!
    }

    /// A record of `context` numbered `n`, `seconds` after ``time`` (default: `n` seconds).
    static func record(_ context: RequestContext, _ n: Int, seconds: Double? = nil, outcome: AuditOutcome = .answered) -> AuditRecord {
        AuditRecord(
            id: id(n), tenant: context.tenant, user: context.user,
            timestamp: time.addingTimeInterval(seconds ?? Double(n)),
            requestID: "req-\(n)", conversationID: "conv-\(n % 3)",
            question: "Question \(n): top customers by revenue? — «ünïcödé» 📈",
            databaseName: "shop", sql: "SELECT name, SUM(total) FROM invoices GROUP BY name ORDER BY 2 DESC LIMIT \(n)",
            source: n % 2 == 0 ? .model : .verifiedCache, rowsReturned: n, outcome: outcome,
            failure: outcome == .answered ? nil : "The request was not allowed: no credits left",
            provider: "openai", model: "gpt-4o", payer: n % 2 == 0 ? .byok : .platform, attempts: n % 3)
    }

    /// A record with every optional field absent.
    static func bare(_ context: RequestContext, _ n: Int) -> AuditRecord {
        AuditRecord(
            id: id(n), tenant: context.tenant, user: context.user, timestamp: time.addingTimeInterval(Double(n)),
            question: "Bare \(n)", outcome: .failed)
    }
}

/// One implementation of ``AuditLog`` the contract tests run against.
struct AuditLogSubject: Sendable, CustomTestStringConvertible {
    let name: String
    let run: @Sendable ((any AuditLog) async throws -> Void) async throws -> Void

    var testDescription: String { name }

    static let sqliteFile = AuditLogSubject(name: "SQLiteAuditLog (file)") { body in
        try await withTemporaryDirectory { directory in
            let log = try SQLiteAuditLog(path: directory.appendingPathComponent("audit.sqlite").path)
            try await body(log)
            try log.database.close()
        }
    }

    static let sqliteMemory = AuditLogSubject(name: "SQLiteAuditLog (in memory)") { body in
        try await body(try SQLiteAuditLog(database: try .inMemory()))
    }

    static let inMemory = AuditLogSubject(name: "InMemoryAuditLog") { body in
        try await body(InMemoryAuditLog())
    }

    static let all: [AuditLogSubject] = [sqliteFile, sqliteMemory, inMemory]
}
