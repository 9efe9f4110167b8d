import Foundation
import GRDB

/// An ``AuditLog`` kept in a local SQLite database (table `audit_records`, migration `audit.v1`).
///
/// Rows are keyed by (tenant, record id) and every query filters by the caller's tenant. The
/// table is append-only at the engine too: triggers abort any `UPDATE` or `DELETE` of a row and
/// any `INSERT` (including `INSERT OR REPLACE`) over an existing id, whoever issues it. They
/// guard against mistakes and against code that only has SQL access; someone who can write the
/// file itself can still drop the triggers or the file, so keep the file owner-only (as
/// ``SQLiteDatabase`` does) and ship copies elsewhere when they must outlive the machine.
///
/// ``init(path:)`` opens the file with `synchronous = FULL`, so an appended record survives a
/// crash or power failure; a shared ``SQLiteDatabase`` keeps the durability it was opened with.
/// Times are kept to the millisecond.
public final class SQLiteAuditLog: AuditLog {
    /// The database the log lives in (it can be shared with other stores).
    public let database: SQLiteDatabase

    /// Uses `database`, applying the migration `audit.v1` when needed.
    ///
    /// Open the database with `synchronous: .full` for records that must survive a power failure.
    public init(database: SQLiteDatabase) throws(AuditLogError) {
        self.database = database
        try database.migrate(Self.migrator, operation: "migrate audit tables", mapError: Self.backend)
    }

    /// Opens (creating if needed) the database file at `path` with `synchronous = FULL` and uses it.
    public convenience init(path: String) throws(AuditLogError) {
        let database: SQLiteDatabase
        do { database = try SQLiteDatabase(path: path, synchronous: .full, label: "daibai.audit.sqlite") } catch { throw Self.backend(error) }
        try self.init(database: database)
    }

    static func backend(_ error: SQLiteDatabaseError) -> AuditLogError { .unavailable(error.description) }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("audit.v1") { db in
            try db.execute(sql: """
                CREATE TABLE audit_records (
                    tenant_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    timestamp_ms INTEGER NOT NULL,
                    request_id TEXT,
                    conversation_id TEXT,
                    question TEXT NOT NULL,
                    database_name TEXT,
                    sql TEXT,
                    source TEXT,
                    rows_returned INTEGER,
                    outcome TEXT NOT NULL,
                    failure TEXT,
                    provider TEXT,
                    model TEXT,
                    payer TEXT,
                    attempts INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                );
                CREATE INDEX audit_records_by_time ON audit_records (tenant_id, timestamp_ms DESC, id DESC);
                CREATE INDEX audit_records_by_user ON audit_records (tenant_id, user_id, timestamp_ms DESC, id DESC);
                CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
                BEGIN
                    SELECT RAISE(ABORT, 'audit records are append-only: UPDATE is not allowed');
                END;
                CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
                BEGIN
                    SELECT RAISE(ABORT, 'audit records are append-only: DELETE is not allowed');
                END;
                CREATE TRIGGER audit_records_no_replace BEFORE INSERT ON audit_records
                WHEN EXISTS (SELECT 1 FROM audit_records WHERE tenant_id = NEW.tenant_id AND id = NEW.id)
                BEGIN
                    SELECT RAISE(ABORT, 'audit records are append-only: an existing record cannot be replaced');
                END;
                """)
        }
        return migrator
    }

    private enum AppendResult: Sendable { case inserted, alreadyRecorded, conflicting }

    /// Appends `record` (whose tenant and user must be `context`'s); an identical record already
    /// stored under its id is left as it is.
    public func append(_ record: AuditRecord, context: RequestContext) async throws(AuditLogError) {
        let stored = try record.validated(for: context)
        let result = try await database.write("append audit record", mapError: Self.backend) { db -> AppendResult in
            if let row = try Row.fetchOne(
                db, sql: "SELECT * FROM audit_records WHERE tenant_id = ? AND id = ?",
                arguments: [stored.tenant.rawValue, AuditRecord.sortKey(stored.id)])
            {
                return try Self.record(from: row) == stored ? .alreadyRecorded : .conflicting
            }
            try db.execute(
                sql: """
                    INSERT INTO audit_records (tenant_id, id, user_id, timestamp_ms, request_id, conversation_id, question,
                        database_name, sql, source, rows_returned, outcome, failure, provider, model, payer, attempts)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    stored.tenant.rawValue, AuditRecord.sortKey(stored.id), stored.user.rawValue,
                    AuditRecord.milliseconds(stored.timestamp), stored.requestID, stored.conversationID, stored.question,
                    stored.databaseName, stored.sql, stored.source?.rawValue, stored.rowsReturned, stored.outcome.rawValue,
                    stored.failure, stored.provider, stored.model, stored.payer?.rawValue, stored.attempts,
                ])
            return .inserted
        }
        if result == .conflicting { throw .conflictingRecord(id: record.id) }
    }

    /// The records of `context`'s tenant (of `user` only, when given), newest first, after `before`.
    public func records(context: RequestContext, limit: Int, before: AuditCursor?, user: UserID?) async throws(AuditLogError) -> [AuditRecord] {
        try AuditLogLimits.validatePageSize(limit)
        let tenant = context.tenant.rawValue
        let userFilter = user?.rawValue
        let cursorMilliseconds = before.map { AuditRecord.milliseconds($0.timestamp) }
        let cursorID = before?.recordID.map(AuditRecord.sortKey)
        return try await database.read("read audit records", mapError: Self.backend) { db in
            var sql = "SELECT * FROM audit_records WHERE tenant_id = ?"
            var arguments: StatementArguments = [tenant]
            if let userFilter {
                sql += " AND user_id = ?"
                arguments += [userFilter]
            }
            if let cursorMilliseconds {
                if let cursorID {
                    sql += " AND (timestamp_ms < ? OR (timestamp_ms = ? AND id < ?))"
                    arguments += [cursorMilliseconds, cursorMilliseconds, cursorID]
                } else {
                    sql += " AND timestamp_ms < ?"
                    arguments += [cursorMilliseconds]
                }
            }
            sql += " ORDER BY timestamp_ms DESC, id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row throws(AuditLogError) in try Self.record(from: row) }
        }
    }

    private static func record(from row: Row) throws(AuditLogError) -> AuditRecord {
        let idText: String? = row["id"]
        let tenantText: String? = row["tenant_id"]
        let userText: String? = row["user_id"]
        guard let idText, let id = UUID(uuidString: idText) else { throw .corrupt("an audit row has an invalid id") }
        let label = idText
        guard let tenantText, let userText, let tenant = TenantID(rawValue: tenantText), let user = UserID(rawValue: userText) else {
            throw .corrupt("audit record \(label) has an invalid tenant or user id")
        }
        let outcomeText: String? = row["outcome"]
        guard let outcomeText, let outcome = AuditOutcome(rawValue: outcomeText) else {
            throw .corrupt("audit record \(label) has an unknown outcome")
        }
        let sourceText: String? = row["source"]
        let source: AnswerSource?
        if let sourceText {
            guard let value = AnswerSource(rawValue: sourceText) else { throw .corrupt("audit record \(label) has an unknown source") }
            source = value
        } else {
            source = nil
        }
        let payerText: String? = row["payer"]
        let payer: UsagePayer?
        if let payerText {
            guard let value = UsagePayer(rawValue: payerText) else { throw .corrupt("audit record \(label) has an unknown payer") }
            payer = value
        } else {
            payer = nil
        }
        let milliseconds: Int64? = row["timestamp_ms"]
        let question: String? = row["question"]
        let attempts: Int? = row["attempts"]
        guard let milliseconds, let question, let attempts else {
            throw .corrupt("audit record \(label) lacks its timestamp, question or attempts")
        }
        return AuditRecord(
            id: id, tenant: tenant, user: user, timestamp: Date(timeIntervalSince1970: Double(milliseconds) / 1000),
            requestID: row["request_id"], conversationID: row["conversation_id"], question: question,
            databaseName: row["database_name"], sql: row["sql"], source: source, rowsReturned: row["rows_returned"],
            outcome: outcome, failure: row["failure"], provider: row["provider"], model: row["model"],
            payer: payer, attempts: attempts)
    }
}
