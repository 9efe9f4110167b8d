import DaiBaiCore
import Foundation

/// Release-mode benchmark of the SQL guard over the Spider dev gold queries: checks every query
/// in the SQLite dialect, warms up, then runs the guard over all of them repeatedly on one
/// thread for a few seconds and prints statements per second.
enum GuardBenchmark {
    /// `arguments`: `[path/to/questions.jsonl] [seconds]`.
    static func run(arguments: [String]) {
        let path = arguments.first ?? defaultQuestionsPath()
        let budgetSeconds = arguments.count > 1 ? Double(arguments[1]) ?? 5 : 5
        let queries: [String]
        do {
            queries = try loadQueries(path)
        } catch {
            fail("cannot read \(path): \(error)")
        }
        guard !queries.isEmpty else { fail("no queries in \(path)") }

        let guardSQLite = SQLGuard(dialect: .sqlite)
        let refused = queries.filter { !guardSQLite.check($0).isAllowed }
        print("== SQL guard ==")
        print("queries: \(queries.count) Spider dev gold queries from \(path); refused: \(refused.count)")

        var sink = 0
        for _ in 0..<20 {  // warm-up
            for query in queries where guardSQLite.check(query).isAllowed { sink &+= 1 }
        }

        let clock = ContinuousClock()
        let start = clock.now
        let budget = Duration.milliseconds(Int64(budgetSeconds * 1000))
        var statements = 0
        while clock.now - start < budget {
            for query in queries {
                if case .allowed(let statement) = guardSQLite.check(query) { sink &+= statement.tables.count }
            }
            statements += queries.count
        }
        let elapsedSeconds = seconds(clock.now - start)
        let perSecond = Double(statements) / elapsedSeconds
        let nanoseconds = elapsedSeconds * 1e9 / Double(statements)
        print("guard: \(statements) statements in \(format(elapsedSeconds, 2)) s on one thread")
        print("throughput: \(Int(perSecond)) statements/s (\(format(nanoseconds, 0)) ns per statement)")
        print("machine: \(machineDescription()) (benchmark uses one thread)")
        print("(checksum \(sink))")
    }

    /// `$DAIBAI_SHARED_DATA/spider-dev/questions.jsonl`, else `../shared/data/spider-dev/questions.jsonl`.
    static func defaultQuestionsPath() -> String {
        if let shared = ProcessInfo.processInfo.environment["DAIBAI_SHARED_DATA"] {
            return shared + "/spider-dev/questions.jsonl"
        }
        return FileManager.default.currentDirectoryPath + "/../shared/data/spider-dev/questions.jsonl"
    }

    static func loadQueries(_ path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["query"] as? String
        }
    }
}
