import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Testing

/// The shared audit records (``AuditRecordFixtures`` in DaiBaiTestSupport).
typealias AuditLogFixtures = AuditRecordFixtures

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
