// Release-mode benchmark of the SQL guard over the Spider dev gold queries.
//
//     swift run -c release daibai-benchmarks [path/to/spider-dev/questions.jsonl] [seconds]
//
// Without a path it reads $DAIBAI_SHARED_DATA/spider-dev/questions.jsonl, else
// ../shared/data/spider-dev/questions.jsonl relative to the current directory. It checks every
// query in the SQLite dialect, warms up, then runs the guard over all of them repeatedly on
// one thread for a few seconds and prints statements per second and the machine.
import DaiBaiCore
import Foundation

func questionsPath() -> String {
    let arguments = CommandLine.arguments
    if arguments.count > 1 { return arguments[1] }
    if let shared = ProcessInfo.processInfo.environment["DAIBAI_SHARED_DATA"] {
        return shared + "/spider-dev/questions.jsonl"
    }
    return FileManager.default.currentDirectoryPath + "/../shared/data/spider-dev/questions.jsonl"
}

func loadQueries(_ path: String) throws -> [String] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try text.split(separator: "\n").compactMap { line in
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return object?["query"] as? String
    }
}

func machine() -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["uname", "-m"]
    let pipe = Pipe()
    process.standardOutput = pipe
    var architecture = "unknown"
    if (try? process.run()) != nil {
        process.waitUntilExit()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        architecture = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
        .flatMap { $0.split(separator: ":", maxSplits: 1).last }
        .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
    let cores = ProcessInfo.processInfo.activeProcessorCount
    return "\(architecture), \(model), \(cores) logical cores (benchmark uses one thread)"
}

let path = questionsPath()
let seconds = CommandLine.arguments.count > 2 ? Double(CommandLine.arguments[2]) ?? 5 : 5
let queries: [String]
do {
    queries = try loadQueries(path)
} catch {
    FileHandle.standardError.write(Data("daibai-benchmarks: cannot read \(path): \(error)\n".utf8))
    exit(1)
}
guard !queries.isEmpty else {
    FileHandle.standardError.write(Data("daibai-benchmarks: no queries in \(path)\n".utf8))
    exit(1)
}

let guardSQLite = SQLGuard(dialect: .sqlite)
let refused = queries.filter { !guardSQLite.check($0).isAllowed }
print("queries: \(queries.count) Spider dev gold queries from \(path); refused: \(refused.count)")

var sink = 0
for _ in 0..<20 {  // warm-up
    for query in queries where guardSQLite.check(query).isAllowed { sink &+= 1 }
}

let clock = ContinuousClock()
let start = clock.now
let budget = Duration.milliseconds(Int64(seconds * 1000))
var statements = 0
while clock.now - start < budget {
    for query in queries {
        if case .allowed(let statement) = guardSQLite.check(query) { sink &+= statement.tables.count }
    }
    statements += queries.count
}
let elapsed = clock.now - start
let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let perSecond = Double(statements) / elapsedSeconds
let nanoseconds = elapsedSeconds * 1e9 / Double(statements)
print("guard: \(statements) statements in \(String(format: "%.2f", elapsedSeconds)) s on one thread")
print("throughput: \(Int(perSecond)) statements/s (\(String(format: "%.0f", nanoseconds)) ns per statement)")
print("machine: \(machine())")
print("(checksum \(sink))")
