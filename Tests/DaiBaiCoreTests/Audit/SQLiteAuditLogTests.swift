import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import GRDB
import Testing

/// What only the SQLite audit log has: triggers that keep the table append-only for any SQL
/// client, durability settings, and records that outlive the process.
@Suite("SQLiteAuditLog", .timeLimit(.minutes(10)))
struct SQLiteAuditLogTests {
    let a = TestContexts.a

    /// Runs `body` with a log on a fresh file and the file's path.
    private func withLogFile(_ body: (SQLiteAuditLog, String) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("audit.sqlite").path
            let log = try SQLiteAuditLog(path: path)
            try await body(log, path)
            try log.database.close()
        }
    }

    /// The error of running `sql` on the file through a separate, plain GRDB connection.
    private func rawSQLError(_ sql: String, path: String) throws -> GRDB.DatabaseError? {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        do {
            try queue.write { db in try db.execute(sql: sql) }
            return nil
        } catch let error as GRDB.DatabaseError {
            return error
        }
    }

    @Test("UPDATE, DELETE and INSERT OR REPLACE through raw SQL on the file are aborted by the triggers")
    func triggersKeepTheTableAppendOnly() async throws {
        try await withLogFile { log, path in
            let record = AuditLogFixtures.record(a, 1)
            try await log.append(record, context: a)
            let id = record.id.uuidString.lowercased()

            let update = try rawSQLError("UPDATE audit_records SET sql = 'SELECT 1', rows_returned = 0", path: path)
            #expect(update?.message == "audit records are append-only: UPDATE is not allowed")
            let updateOne = try rawSQLError("UPDATE audit_records SET question = 'edited' WHERE id = '\(id)'", path: path)
            #expect(updateOne?.message == "audit records are append-only: UPDATE is not allowed")
            let deleteAll = try rawSQLError("DELETE FROM audit_records", path: path)
            #expect(deleteAll?.message == "audit records are append-only: DELETE is not allowed")
            let deleteOne = try rawSQLError("DELETE FROM audit_records WHERE id = '\(id)'", path: path)
            #expect(deleteOne?.message == "audit records are append-only: DELETE is not allowed")
            let replace = try rawSQLError("""
                INSERT OR REPLACE INTO audit_records (tenant_id, id, user_id, timestamp_ms, question, outcome, attempts)
                VALUES ('tenant-a', '\(id)', 'alice', 0, 'forged', 'answered', 0)
                """, path: path)
            #expect(replace?.message == "audit records are append-only: an existing record cannot be replaced")

            #expect(try await log.records(context: a, limit: 10) == [record])
        }
    }

    @Test("records survive closing and reopening the file; the migration is applied once")
    func survivesReopening() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("nested/audit.sqlite").path
            let first = try SQLiteAuditLog(path: path)
            let records = [AuditLogFixtures.record(a, 1), AuditLogFixtures.bare(a, 2)]
            for record in records { try await first.append(record, context: a) }
            try first.database.close()
            await #expect(throws: AuditLogError.self) { try await first.append(AuditLogFixtures.record(a, 3), context: a) }

            let reopened = try SQLiteAuditLog(path: path)
            #expect(try await reopened.records(context: a, limit: 10) == records.reversed())
            try await reopened.append(records[0], context: a)  // still idempotent after reopening
            #expect(try await reopened.records(context: a, limit: 10).count == 2)
            try reopened.database.close()

            let applied = try await DatabaseQueue(path: path).read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            }
            #expect(applied == ["audit.v1"])
        }
    }

    @Test("a log opened by path syncs every commit to disk (synchronous = FULL)")
    func fullSynchronous() async throws {
        try await withLogFile { (log: SQLiteAuditLog, _: String) async throws in
            #expect(try await log.database.synchronousLevel() == 2)
            #expect(try await log.database.journalMode() == "wal")
        }
    }

    @Test("the log shares a database with other stores")
    func sharedDatabase() async throws {
        let database = try SQLiteDatabase.inMemory()
        let chats = try SQLiteChatStore(database: database)
        let log = try SQLiteAuditLog(database: database)
        let conversation = try await chats.createConversation(id: nil, title: "t", databaseName: nil, context: a)
        var record = AuditLogFixtures.record(a, 1)
        record.conversationID = conversation.id
        try await log.append(record, context: a)
        #expect(try await log.records(context: a, limit: 1).first?.conversationID == conversation.id)
    }

    @Test("a row that does not decode is reported as corrupt, naming the record")
    func corruptRow() async throws {
        try await withLogFile { log, path in
            let inserted = try rawSQLError("""
                INSERT INTO audit_records (tenant_id, id, user_id, timestamp_ms, question, outcome, attempts)
                VALUES ('tenant-a', '00000000-0000-0000-0000-000000000009', 'alice', 0, 'q', 'exploded', 0)
                """, path: path)
            #expect(inserted == nil)
            await #expect(throws: AuditLogError.corrupt("audit record 00000000-0000-0000-0000-000000000009 has an unknown outcome")) {
                _ = try await log.records(context: a, limit: 10)
            }
        }
    }

    @Test("a closed database makes calls fail with a message that says so")
    func closedDatabase() async throws {
        let log = try SQLiteAuditLog(database: try .inMemory())
        try log.database.close()
        await expectError(AuditLogError.self, { "\($0)".contains("the database was closed") }) {
            _ = try await log.records(context: a, limit: 1)
        }
    }
}
