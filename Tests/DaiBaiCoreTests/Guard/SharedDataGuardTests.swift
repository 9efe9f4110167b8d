import Testing

@testable import DaiBaiCore

/// The guard against the shared data: every unsafe sample rejected, every safe sample and
/// every Spider dev gold query allowed.
@Suite("Guard: shared data")
struct SharedDataGuardTests {
    @Test("The shared data files are present and complete")
    func filesPresent() throws {
        #expect(try SharedData.samples("unsafe-sql-sample.jsonl").count >= 28)
        #expect(try SharedData.samples("safe-sql-sample.jsonl").count >= 16)
        #expect(try SharedData.spiderQueries().count == 1034)
    }

    @Test("Every unsafe sample is rejected in its dialect(s)")
    func unsafeRejected() throws {
        let samples = try SharedData.samples("unsafe-sql-sample.jsonl")
        #expect(!samples.isEmpty)
        for sample in samples {
            #expect(!sample.dialects.isEmpty, "unknown dialect in \(sample.testDescription)")
            for dialect in sample.dialects {
                let verdict = SQLGuard.verdict(sample.sql, dialect)
                #expect(!verdict.isAllowed, "\(dialect) allowed \(sample.testDescription)")
            }
        }
    }

    @Test("Every safe sample is allowed in its dialect(s)")
    func safeAllowed() throws {
        let samples = try SharedData.samples("safe-sql-sample.jsonl")
        #expect(!samples.isEmpty)
        for sample in samples {
            #expect(!sample.dialects.isEmpty, "unknown dialect in \(sample.testDescription)")
            for dialect in sample.dialects {
                let verdict = SQLGuard.verdict(sample.sql, dialect)
                #expect(verdict.isAllowed, "\(dialect) rejected \(sample.testDescription): \(verdict.rejection?.message ?? "")")
            }
        }
    }

    @Test("All 1,034 Spider dev gold queries are allowed in SQLite")
    func spiderAllowed() throws {
        let queries = try SharedData.spiderQueries()
        #expect(queries.count == 1034)
        let guardSQLite = SQLGuard(dialect: .sqlite)
        var refused: [String] = []
        for query in queries {
            if case .rejected(let rejection) = guardSQLite.check(query) { refused.append("\(query) — \(rejection.message)") }
        }
        #expect(refused.isEmpty, "\(refused.count) refused, first: \(refused.prefix(3))")
    }

    @Test("Spider gold queries are also allowed in the other dialects", arguments: [SQLDialect.postgresql, .mysql, .sqlserver])
    func spiderAllowedElsewhere(dialect: SQLDialect) throws {
        let queries = try SharedData.spiderQueries()
        let refused = queries.filter { !SQLGuard(dialect: dialect).check($0).isAllowed }
        #expect(refused.isEmpty, "\(refused.count) refused, first: \(refused.prefix(3))")
    }

    @Test("Spider tables are reported and a scope of exactly those tables still allows the query")
    func spiderScope() throws {
        let guardSQLite = SQLGuard(dialect: .sqlite)
        for query in try SharedData.spiderQueries() {
            guard case .allowed(let statement) = guardSQLite.check(query) else { continue }
            let scoped = guardSQLite.check(query, allowedTables: Set(statement.tables))
            #expect(scoped.isAllowed, "\(query): \(scoped.rejection?.message ?? "")")
            if let first = statement.tables.first {
                let narrower = Set(statement.tables.dropFirst())
                let verdict = guardSQLite.check(query, allowedTables: narrower)
                #expect(verdict.rejection?.reason == .tableNotAllowed(name: first), "\(query)")
            }
        }
    }
}
