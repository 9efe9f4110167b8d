import DaiBaiCore
import Foundation
import GRDB
import Testing

/// Opens `path` read-only, as the demo's connector does.
private func openReadOnly(_ path: String) throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.readonly = true
    return try DatabaseQueue(path: path, configuration: configuration)
}

/// Every row of every music-store table, ordered by primary key, as text.
private func dump(_ path: String) throws -> String {
    let queue = try openReadOnly(path)
    defer { try? queue.close() }
    return try queue.read { db in
        var lines: [String] = []
        for table in SampleDatabase.musicStoreTableNames {
            lines.append("# \(table)")
            let order = table == "playlist_tracks" ? "playlist_id, track_id" : "1"
            for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)") {
                lines.append(row.databaseValues.map(\.description).joined(separator: "|"))
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// The rows `sql` returns on `path`, as text.
private func run(_ sql: String, on path: String) throws -> [String] {
    let queue = try openReadOnly(path)
    defer { try? queue.close() }
    return try queue.read { db in
        try Row.fetchAll(db, sql: sql).map { $0.databaseValues.map(\.description).joined(separator: "|") }
    }
}

@Suite("Sample music-store database")
struct SampleDatabaseTests {
    @Test("the same seed gives identical rows; another seed gives different rows")
    func deterministic() throws {
        let directory = try TemporaryDirectory("daibai-sample")
        defer { directory.remove() }
        let first = try SampleDatabase.createMusicStore(at: directory.path + "/a.sqlite")
        let second = try SampleDatabase.createMusicStore(at: directory.path + "/b.sqlite", seed: 42)
        let other = try SampleDatabase.createMusicStore(at: directory.path + "/c.sqlite", seed: 7)

        #expect(first.seed == 42)
        #expect(first.rowCounts == second.rowCounts)
        let firstDump = try dump(first.path)
        #expect(firstDump == (try dump(second.path)))
        #expect(firstDump != (try dump(other.path)))
    }

    @Test("at least 8 tables with primary keys, declared foreign keys and no violations")
    func schema() throws {
        let directory = try TemporaryDirectory("daibai-sample")
        defer { directory.remove() }
        let summary = try SampleDatabase.createMusicStore(at: directory.path + "/music.sqlite")
        #expect(summary.tableNames == SampleDatabase.musicStoreTableNames)
        #expect(summary.tableNames.count >= 8)
        #expect(Set(SampleDatabase.tableDescriptions.keys) == Set(summary.tableNames))

        let queue = try openReadOnly(summary.path)
        defer { try? queue.close() }
        try queue.read { db in
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name
                """)
            #expect(tables == summary.tableNames.sorted())

            var references: [String] = []
            for table in tables {
                let primaryKey = try Int.fetchOne(db, sql: "SELECT count(*) FROM pragma_table_info(?) WHERE pk > 0", arguments: [table]) ?? 0
                #expect(primaryKey > 0, "\(table) has no primary key")
                for row in try Row.fetchAll(db, sql: "SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?)", arguments: [table]) {
                    references.append("\(table).\(row["from"] as String) -> \(row["table"] as String)")
                }
            }
            #expect(references.count >= 10)
            #expect(references.contains("employees.reports_to -> employees"))
            #expect(references.contains("invoice_lines.track_id -> tracks"))
            #expect(references.contains("customers.support_rep_id -> employees"))
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            let indexes = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL") ?? 0
            #expect(indexes >= 2)
        }
    }

    @Test("the summary's row counts are the tables' row counts, a few thousand in all")
    func rowCounts() throws {
        let directory = try TemporaryDirectory("daibai-sample")
        defer { directory.remove() }
        let summary = try SampleDatabase.createMusicStore(at: directory.path + "/music.sqlite")
        let queue = try openReadOnly(summary.path)
        defer { try? queue.close() }
        try queue.read { db in
            for table in summary.tableNames {
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1
                #expect(count == summary.rowCounts[table], "\(table)")
                #expect(count > 0, "\(table) is empty")
            }
            // Invoice totals are the sums of their lines.
            let mismatches = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM invoices AS i
                WHERE abs(i.total - (SELECT sum(unit_price * quantity) FROM invoice_lines WHERE invoice_id = i.invoice_id)) > 0.001
                """)
            #expect(mismatches == 0)
        }
        #expect(summary.totalRowCount >= 2_000)
        #expect(summary.rowCounts.values.reduce(0, +) == summary.totalRowCount)
    }

    @Test("every verified query is one guarded read that returns a stable, non-empty result")
    func verifiedQueries() throws {
        let queries = SampleDatabase.musicStoreVerifiedQueries
        #expect(queries.count >= 12)
        #expect(Set(queries.map(\.question)).count == queries.count)

        let directory = try TemporaryDirectory("daibai-sample")
        defer { directory.remove() }
        let first = try SampleDatabase.createMusicStore(at: directory.path + "/a.sqlite")
        let second = try SampleDatabase.createMusicStore(at: directory.path + "/b.sqlite")
        let allowed = Set(first.tableNames)
        let sqlGuard = SQLGuard(dialect: .sqlite)

        for query in queries {
            let sql = query.sql.trimmingCharacters(in: .whitespacesAndNewlines)
            let start = sql.prefix(6).uppercased()
            #expect(start == "SELECT" || start.hasPrefix("WITH"), "\(query.question)")
            #expect(!sql.contains(";"), "\(query.question)")
            #expect(!query.tables.isEmpty && Set(query.tables).isSubset(of: allowed), "\(query.question)")

            let verdict = sqlGuard.check(sql, allowedTables: allowed)
            #expect(verdict.isAllowed, "\(query.question): \(verdict.rejection?.message ?? "")")
            if let statement = verdict.statement {
                #expect(Set(statement.tables.map { $0.lowercased() }) == Set(query.tables), "\(query.question)")
            }

            let rows = try run(sql, on: first.path)
            #expect(!rows.isEmpty, "\(query.question) returned no rows")
            #expect(rows.count <= 50, "\(query.question) returned \(rows.count) rows")
            #expect(rows == (try run(sql, on: first.path)), "\(query.question)")
            #expect(rows == (try run(sql, on: second.path)), "\(query.question)")
        }
    }

    @Test("every verified query returns rows whatever the seed", arguments: [UInt64(0), 7, 28, 1_234, .max])
    func verifiedQueriesOnOtherSeeds(seed: UInt64) throws {
        let directory = try TemporaryDirectory("daibai-sample")
        defer { directory.remove() }
        let summary = try SampleDatabase.createMusicStore(at: directory.path + "/music.sqlite", seed: seed)
        #expect(summary.totalRowCount >= 2_000)
        let queue = try openReadOnly(summary.path)
        defer { try? queue.close() }
        let violations = try queue.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        #expect(violations.isEmpty)
        for query in SampleDatabase.musicStoreVerifiedQueries {
            #expect(!(try run(query.sql, on: summary.path)).isEmpty, "seed \(seed): \(query.question)")
        }
    }

    @Test("the verified queries run through the read-only SQLite connector")
    func verifiedQueriesThroughConnector() async throws {
        let directory = try TemporaryDirectory("daibai-sample")
        defer { directory.remove() }
        let summary = try SampleDatabase.createMusicStore(at: directory.path + "/music.sqlite")
        let connector = try SQLiteConnector(path: summary.path)
        defer { try? connector.close() }

        let schema = try await connector.introspectSchema()
        #expect(Set(schema.tables.map(\.name)) == Set(summary.tableNames))
        #expect(schema.table(named: "tracks")?.approximateRowCount == summary.rowCounts["tracks"])
        for query in SampleDatabase.musicStoreVerifiedQueries {
            let result = try await connector.executeReadOnly(query.sql, options: QueryOptions())
            #expect(!result.rows.isEmpty, "\(query.question)")
            #expect(!result.truncated, "\(query.question)")
        }
    }

    @Test("an existing file and stale journal files are replaced, and no temporary file is left")
    func replacesExistingFile() throws {
        let directory = try TemporaryDirectory("daibai-sample")
        defer { directory.remove() }
        let path = try directory.write("not a database", to: "nested/dir/music.sqlite")
        try directory.write("stale write-ahead log", to: "nested/dir/music.sqlite-wal")
        let summary = try SampleDatabase.createMusicStore(at: path)
        let expected = try dump(summary.path)

        let again = try SampleDatabase.createMusicStore(at: path)
        #expect(try dump(again.path) == expected)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/nested/dir")
        #expect(leftovers == ["music.sqlite"])
    }

    @Test("missing parent directories are created; an empty path is refused")
    func paths() throws {
        let directory = try TemporaryDirectory("daibai-sample")
        defer { directory.remove() }
        let summary = try SampleDatabase.createMusicStore(at: directory.path + "/x/y/music.sqlite", seed: 1)
        #expect(FileManager.default.fileExists(atPath: summary.path))
        #expect(throws: SampleDatabaseError.self) { try SampleDatabase.createMusicStore(at: "") }
    }
}
