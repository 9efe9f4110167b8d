import DaiBaiCore
import Foundation

/// Audit records for the audit log tests of every implementation (SQLite, in-memory, Cosmos).
public enum AuditRecordFixtures {
    /// A time with whole milliseconds, which every log keeps exactly.
    public static let time = Date(timeIntervalSince1970: 1_700_000_000.123)

    /// The id `00000000-0000-0000-0000-<n, 12 digits>`: ids sort as their numbers do.
    public static func id(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!
    }

    /// A record of `context` numbered `n`, `seconds` after ``time`` (default: `n` seconds).
    public static func record(_ context: RequestContext, _ n: Int, seconds: Double? = nil, outcome: AuditOutcome = .answered) -> AuditRecord {
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
    public static func bare(_ context: RequestContext, _ n: Int) -> AuditRecord {
        AuditRecord(
            id: id(n), tenant: context.tenant, user: context.user, timestamp: time.addingTimeInterval(Double(n)),
            question: "Bare \(n)", outcome: .failed)
    }
}

