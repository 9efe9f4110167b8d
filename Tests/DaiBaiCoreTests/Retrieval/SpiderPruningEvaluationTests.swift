@testable import DaiBaiCore
import Foundation
import GRDB
import Testing

/// Schema-pruning quality on the Spider development set (issue 4, "Schema-pruning quality on real
/// data"): one SQLite database holding all 166 Spider databases' tables, prefixed by their db id,
/// and the 1,034 development questions. The database file is really created (`CREATE TABLE` with
/// columns, types, primary keys and foreign keys), then read back through
/// ``SQLiteConnector/introspectSchema()`` exactly as the Agent reads a database, and that schema
/// is indexed. A question counts as recalled when every table its gold SQL reads is among the
/// selected tables. The pruner sees only the question, never the db id or the SQL.
@Suite("Spider schema pruning")
struct SpiderPruningEvaluationTests {
    @Test("Combined 166-schema SQLite database keeps all gold tables for at least 88% of questions within 15 tables")
    func combinedSchemaRecall() async throws {
        guard let spider = try SpiderDevSet.load() else { return }
        let embedder = HashingEmbeddingProvider()
        let budget = SchemaBudget(maxTables: 15)
        let directory = try TemporaryDirectory("daibai-spider")
        defer { directory.remove() }

        // One SQLite database with every database's tables, introspected like any user database.
        let combinedPath = directory.path + "/spider-dev-combined.sqlite"
        try spider.createSQLiteDatabase(at: combinedPath, databases: spider.databases, prefixed: true)
        let combined = try await SpiderDevSet.introspect(combinedPath)
        let expectedTables = spider.databases.flatMap { $0.tables(prefixed: true) }
        #expect(combined.tables.count == expectedTables.count)
        #expect(Set(combined.tables.map { $0.name.lowercased() }) == Set(expectedTables.map { $0.name.lowercased() }))
        #expect(combined.tables.reduce(0) { $0 + $1.columns.count } == expectedTables.reduce(0) { $0 + $1.columns.count })
        #expect(combined.tables.reduce(0) { $0 + $1.foreignKeys.count } == expectedTables.reduce(0) { $0 + $1.foreignKeys.count })
        let index = try await SchemaIndex.build(schema: combined, fingerprint: combined.fingerprint, embedder: embedder)
        let clock = ContinuousClock()
        var questionVectors: [[Float]] = []
        let embedding = clock.measure {
            questionVectors = spider.questions.map { embedder.vector(for: $0.question) }
        }

        var recalled = 0
        var keptTables = 0
        var largest = 0
        var elapsed = Duration.zero
        for (question, vector) in zip(spider.questions, questionVectors) {
            let gold = Set(question.goldTables.map { "\(question.dbID)__\($0)".lowercased() })
            var selection = SchemaSelection.empty
            elapsed += clock.measure {
                selection = index.select(questionVector: vector, question: question.question, budget: budget)
            }
            let kept = Set(selection.tableNames.map { $0.lowercased() })
            if gold.isSubset(of: kept) { recalled += 1 }
            keptTables += kept.count
            largest = max(largest, kept.count)
        }
        let total = Double(spider.questions.count)
        let recall = Double(recalled) / total
        let averageKept = Double(keptTables) / total

        // Closer to the Agent: one SQLite database and index per database (only that database's
        // tables, original names).
        var perDatabaseIndexes: [String: SchemaIndex] = [:]
        for database in spider.databases where spider.questionDatabases.contains(database.id) {
            let path = directory.path + "/\(database.id).sqlite"
            try spider.createSQLiteDatabase(at: path, databases: [database], prefixed: false)
            let schema = try await SpiderDevSet.introspect(path)
            #expect(schema.tables.count == database.tableNames.filter { !SpiderDevSet.isSQLiteInternal($0) }.count)
            perDatabaseIndexes[database.id] = try await SchemaIndex.build(schema: schema, fingerprint: schema.fingerprint, embedder: embedder)
        }
        var perDatabaseRecalled = 0
        var perDatabaseKept = 0
        var perDatabaseElapsed = Duration.zero
        for (question, vector) in zip(spider.questions, questionVectors) {
            guard let index = perDatabaseIndexes[question.dbID] else {
                Issue.record("question of unknown database \(question.dbID)")
                continue
            }
            var selection = SchemaSelection.empty
            perDatabaseElapsed += clock.measure {
                selection = index.select(questionVector: vector, question: question.question, budget: budget)
            }
            let kept = Set(selection.tableNames.map { $0.lowercased() })
            if Set(question.goldTables).isSubset(of: kept) { perDatabaseRecalled += 1 }
            perDatabaseKept += kept.count
        }
        let perDatabaseRecall = Double(perDatabaseRecalled) / total
        let perDatabaseAverage = Double(perDatabaseKept) / total
        let averageTables = Double(perDatabaseIndexes.values.reduce(0) { $0 + $1.tables.count }) / Double(max(1, perDatabaseIndexes.count))

        func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        print("Spider pruning: recall=\(format(recall, 4)) avg tables=\(format(averageKept, 2)) (max \(largest)) "
            + "over \(spider.questions.count) questions, one SQLite database of \(combined.tables.count) tables from \(spider.databases.count) databases "
            + "(\(combined.tables.reduce(0) { $0 + $1.columns.count }) columns, \(combined.tables.reduce(0) { $0 + $1.foreignKeys.count }) foreign keys), introspected; "
            + "select \(format(Self.microseconds(elapsed) / total, 1)) µs/question")
        print("Spider pruning (per database, one SQLite file each): recall=\(format(perDatabaseRecall, 4)) avg tables=\(format(perDatabaseAverage, 2)) "
            + "of \(format(averageTables, 2)) tables per database; select \(format(Self.microseconds(perDatabaseElapsed) / total, 1)) µs/question; "
            + "question embedding \(format(Self.microseconds(embedding) / total, 1)) µs/question")

        #expect(spider.questions.count == 1_034)
        #expect(recall >= 0.88, "combined-schema recall \(recall) is below 0.88")
        #expect(largest <= 15)
        #expect(perDatabaseRecall >= 0.95, "per-database recall \(perDatabaseRecall) is below 0.95")
    }

    @Test("Gold tables are read from FROM and JOIN clauses")
    func goldTableParsing() {
        let names: Set<String> = ["singer", "concert", "singer_in_concert", "stadium"]
        #expect(SpiderDevSet.referencedTables(
            in: "SELECT T2.name FROM singer_in_concert AS T1 JOIN singer AS T2 ON T1.singer_id = T2.singer_id", among: names)
            == ["singer_in_concert", "singer"])
        #expect(SpiderDevSet.referencedTables(
            in: "select name from STADIUM where id not in (select stadium_id from concert) and name != 'from singer'", among: names)
            == ["stadium", "concert"])
        #expect(SpiderDevSet.referencedTables(in: "SELECT count(*) FROM singer s, concert c WHERE s.x = c.y", among: names)
            == ["singer", "concert"])
    }

    static func microseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }
}

/// The Spider development set: schemas from `tables.json`, questions from `questions.jsonl`.
struct SpiderDevSet {
    struct Database {
        var id: String
        var tableNames: [String]
        /// (table index, column name) pairs; index -1 is Spider's `*`.
        var columns: [(table: Int, name: String)]
        var columnTypes: [String]
        var primaryKeys: [Int]
        var foreignKeys: [(from: Int, to: Int)]

        /// The database's tables as ``TableSchema``s, named `dbid__table` when `prefixed`.
        func tables(prefixed: Bool) -> [TableSchema] {
            func tableName(_ index: Int) -> String { prefixed ? "\(id)__\(tableNames[index])" : tableNames[index] }
            return tableNames.indices.map { tableIndex in
                let columnIndexes = columns.indices.filter { columns[$0].table == tableIndex }
                let keys = foreignKeys.compactMap { key -> DaiBaiCore.ForeignKey? in
                    guard columns.indices.contains(key.from), columns.indices.contains(key.to),
                          columns[key.from].table == tableIndex, tableNames.indices.contains(columns[key.to].table) else { return nil }
                    return DaiBaiCore.ForeignKey(columns: [columns[key.from].name], referencedTable: tableName(columns[key.to].table),
                                      referencedColumns: [columns[key.to].name])
                }
                return TableSchema(
                    name: tableName(tableIndex),
                    columns: columnIndexes.map { ColumnSchema(name: columns[$0].name, type: columnTypes.indices.contains($0) ? columnTypes[$0] : "") },
                    primaryKey: primaryKeys.filter { columns.indices.contains($0) && columns[$0].table == tableIndex }.map { columns[$0].name },
                    foreignKeys: keys)
            }
        }
    }

    struct Question {
        var dbID: String
        var question: String
        var goldTables: [String]
    }

    var databases: [Database]
    var questions: [Question]
    var questionDatabases: Set<String> { Set(questions.map(\.dbID)) }

    /// Writes a new SQLite database at `path` holding `databases`' tables (named `dbid__table`
    /// when `prefixed`): one `CREATE TABLE` per table with its columns and Spider's column types,
    /// its primary key, and its foreign keys (`REFERENCES` tables of the same Spider database).
    func createSQLiteDatabase(at path: String, databases: [Database], prefixed: Bool) throws {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.write { db in
            for database in databases {
                // Spider lists SQLite's own `sqlite_sequence` (world_1, soccer_1, store_1); SQLite
                // reserves the name, and the connector hides SQLite's internal tables anyway.
                for table in database.tables(prefixed: prefixed) where !Self.isSQLiteInternal(table.name) {
                    try db.execute(sql: Self.createTableStatement(table))
                }
            }
        }
    }

    /// Whether SQLite reserves `name` for itself (`sqlite_…`).
    static func isSQLiteInternal(_ name: String) -> Bool {
        name.lowercased().hasPrefix("sqlite_")
    }

    /// `CREATE TABLE` for `table`: columns with types, then `PRIMARY KEY (…)` and one
    /// `FOREIGN KEY (…) REFERENCES t (…)` per key; every identifier double-quoted.
    static func createTableStatement(_ table: TableSchema) -> String {
        func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        func list(_ names: [String]) -> String { names.map(quoted).joined(separator: ", ") }
        var parts = table.columns.map { column in
            column.type.isEmpty ? quoted(column.name) : "\(quoted(column.name)) \(column.type.uppercased())"
        }
        if !table.primaryKey.isEmpty { parts.append("PRIMARY KEY (\(list(table.primaryKey)))") }
        for key in table.foreignKeys {
            parts.append("FOREIGN KEY (\(list(key.columns))) REFERENCES \(quoted(key.referencedTable)) (\(list(key.referencedColumns)))")
        }
        return "CREATE TABLE \(quoted(table.name)) (\n  " + parts.joined(separator: ",\n  ") + "\n)"
    }

    /// The schema of the SQLite database at `path`, read the way the Agent reads one.
    static func introspect(_ path: String) async throws -> DaiBaiCore.DatabaseSchema {
        let connector = try SQLiteConnector(path: path)
        defer { try? connector.close() }
        return try await connector.introspectSchema()
    }

    /// The shared data folder: `$DAIBAI_SHARED_DATA`, else `../shared/data` next to the package root.
    static func dataDirectory(filePath: String = #filePath) -> URL {
        if let override = ProcessInfo.processInfo.environment["DAIBAI_SHARED_DATA"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        let packageRoot = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent()  // Retrieval
            .deletingLastPathComponent()  // DaiBaiCoreTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data", isDirectory: true)
    }

    /// Loads the set, or records a failing issue naming the missing file and returns `nil`.
    static func load() throws -> SpiderDevSet? {
        let folder = dataDirectory().appendingPathComponent("spider-dev", isDirectory: true)
        let tablesURL = folder.appendingPathComponent("tables.json")
        let questionsURL = folder.appendingPathComponent("questions.jsonl")
        for url in [tablesURL, questionsURL] where !FileManager.default.fileExists(atPath: url.path) {
            Issue.record("Spider data not found at \(url.path). Put the shared data next to the package (../shared/data) or set DAIBAI_SHARED_DATA to the data folder.")
            return nil
        }
        guard let rawDatabases = try JSONSerialization.jsonObject(with: Data(contentsOf: tablesURL)) as? [[String: Any]] else {
            Issue.record("\(tablesURL.path) is not a JSON array of objects")
            return nil
        }
        var databases: [Database] = []
        for raw in rawDatabases {
            guard let id = raw["db_id"] as? String, let tableNames = raw["table_names_original"] as? [String],
                  let rawColumns = raw["column_names_original"] as? [[Any]] else {
                Issue.record("malformed database entry in tables.json")
                return nil
            }
            let columns = rawColumns.map { pair in
                (table: (pair.first as? Int) ?? -1, name: (pair.last as? String) ?? "")
            }
            let keys = ((raw["foreign_keys"] as? [[Int]]) ?? []).compactMap { pair in
                pair.count == 2 ? (from: pair[0], to: pair[1]) : nil
            }
            let primaryKeys = ((raw["primary_keys"] as? [Any]) ?? []).flatMap { key -> [Int] in
                if let single = key as? Int { return [single] }
                return (key as? [Int]) ?? []
            }
            databases.append(Database(id: id, tableNames: tableNames, columns: columns,
                                      columnTypes: (raw["column_types"] as? [String]) ?? [], primaryKeys: primaryKeys, foreignKeys: keys))
        }
        let tablesByDatabase = Dictionary(databases.map { ($0.id, Set($0.tableNames.map { $0.lowercased() })) }, uniquingKeysWith: { first, _ in first })
        var questions: [Question] = []
        let text = try String(contentsOf: questionsURL, encoding: .utf8)
        for line in text.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let dbID = object["db_id"] as? String, let question = object["question"] as? String,
                  let query = object["query"] as? String, let names = tablesByDatabase[dbID] else {
                Issue.record("malformed question line: \(line.prefix(120))")
                return nil
            }
            let gold = referencedTables(in: query, among: names)
            if gold.isEmpty { Issue.record("no gold table found in \(query)") }
            questions.append(Question(dbID: dbID, question: question, goldTables: gold))
        }
        return SpiderDevSet(databases: databases, questions: questions)
    }

    /// The tables (lower-cased, first-seen order) that follow `FROM` or `JOIN` in `sql`, including
    /// comma-separated `FROM a, b` lists; only names in `tables` (lower-cased) count.
    static func referencedTables(in sql: String, among tables: Set<String>) -> [String] {
        let tokens = tokenize(sql)
        let clauseWords: Set<String> = ["where", "join", "group", "order", "limit", "on", "union", "intersect", "except",
                                        "having", "left", "right", "inner", "outer", "natural", "cross", "full"]
        var found: [String] = []
        var position = 0
        while position < tokens.count {
            let word = tokens[position].lowercased()
            position += 1
            guard word == "from" || word == "join" else { continue }
            while position < tokens.count {
                let name = tokens[position].trimmingCharacters(in: CharacterSet(charactersIn: "\"`[]")).lowercased()
                guard tables.contains(name) else { break }
                if !found.contains(name) { found.append(name) }
                position += 1
                if position < tokens.count, tokens[position].lowercased() == "as" {
                    position += 2
                } else if position < tokens.count, let first = tokens[position].unicodeScalars.first,
                          CharacterSet.letters.contains(first) || first == "_", !clauseWords.contains(tokens[position].lowercased()) {
                    position += 1  // a bare alias
                }
                guard position < tokens.count, tokens[position] == "," else { break }
                position += 1
            }
        }
        return found
    }

    /// SQL split into identifiers, numbers, quoted strings/identifiers and single symbols.
    static func tokenize(_ sql: String) -> [String] {
        var tokens: [String] = []
        let scalars = Array(sql.unicodeScalars)
        var index = 0
        func isIdentifier(_ scalar: Unicode.Scalar, first: Bool) -> Bool {
            scalar == "_" || CharacterSet.letters.contains(scalar) || (!first && CharacterSet.decimalDigits.contains(scalar))
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if CharacterSet.whitespacesAndNewlines.contains(scalar) {
                index += 1
            } else if scalar == "'" || scalar == "\"" || scalar == "`" {
                var end = index + 1
                while end < scalars.count, scalars[end] != scalar { end += 1 }
                var token = String.UnicodeScalarView()
                token.append(contentsOf: scalars[index..<min(end + 1, scalars.count)])
                tokens.append(String(token))
                index = end + 1
            } else if isIdentifier(scalar, first: true) || CharacterSet.decimalDigits.contains(scalar) {
                var end = index + 1
                while end < scalars.count, isIdentifier(scalars[end], first: false) || scalars[end] == "." && CharacterSet.decimalDigits.contains(scalar) { end += 1 }
                var token = String.UnicodeScalarView()
                token.append(contentsOf: scalars[index..<end])
                tokens.append(String(token))
                index = end
            } else {
                tokens.append(String(scalar))
                index += 1
            }
        }
        return tokens
    }
}
