import ArgumentParser
import DaiBaiCore
import Foundation

/// `daibai-demo check-sql`: checks SQL statements read as JSON Lines from standard input.
///
/// Contract (kept stable; scripts and the issue's acceptance check use it):
/// - Each input line is a JSON object with `sql` (string), optional `dialect` (`sqlite`, `postgres`,
///   `mysql`, `sqlserver`, any alias ``SQLDialect/init(name:)`` accepts, or `any` for all four;
///   default `sqlite`) and optional `allowed_tables` (array of strings).
/// - Exactly one JSON line is written per input line, in order, and flushed at once:
///   `{"allowed": true, "reason": "allowed", "tables": [...], "dialect": ...}` or
///   `{"allowed": false, "reason": "<one sentence>", "code": "...", "line": n, "column": n, "offset": n, "dialect": ...}`.
///   `reason` is always a string. With `any`, a line is allowed only if every dialect allows it,
///   and a rejection reports the first dialect that refused it.
/// - A line that is not such an object gives `{"allowed": false, "reason": "invalid input line: …", "code": "invalid_input"}`
///   and processing continues.
struct CheckSQLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-sql",
        abstract: "Checks SQL from JSON Lines on standard input with DaiBai's SQL guard.",
        discussion: """
        Input lines: {"sql": "...", "dialect": "sqlite|postgres|mysql|sqlserver|any", "allowed_tables": ["..."]}.
        Output: one line per input line, {"allowed": true|false, "reason": "..."} plus details.
        """
    )

    /// One output line.
    struct Outcome: Encodable {
        var allowed: Bool
        var reason: String
        var code: String?
        var line: Int?
        var column: Int?
        var offset: Int?
        var dialect: String?
        var tables: [String]?
    }

    mutating func run() async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let output = FileHandle.standardOutput
        while var line = readLine(strippingNewline: true) {
            if line.hasSuffix("\r") { line.removeLast() }
            let outcome = Self.check(line: line)
            var data = (try? encoder.encode(outcome)) ?? Data(#"{"allowed":false,"reason":"internal error: could not encode the result"}"#.utf8)
            data.append(0x0a)
            output.write(data)
        }
    }

    /// The outcome for one input line.
    static func check(line: String) -> Outcome {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                return invalid("expected a JSON object")
            }
            object = parsed
        } catch {
            return invalid(line.trimmingCharacters(in: .whitespaces).isEmpty ? "empty line" : "not valid JSON")
        }
        guard let sql = object["sql"] as? String else { return invalid(#"missing string field "sql""#) }
        var dialects = [SQLDialect.sqlite]
        var dialectName: String?
        if let value = object["dialect"], !(value is NSNull) {
            guard let name = value as? String else { return invalid(#""dialect" must be a string"#) }
            if name.lowercased() == "any" {
                dialects = SQLDialect.allCases
                dialectName = "any"
            } else if let dialect = SQLDialect(name: name) {
                dialects = [dialect]
                dialectName = dialect.rawValue
            } else {
                return invalid("unknown dialect \"\(name)\" (use sqlite, postgres, mysql, sqlserver or any)")
            }
        }
        var allowedTables: Set<String>?
        if let value = object["allowed_tables"], !(value is NSNull) {
            guard let names = value as? [String] else { return invalid(#""allowed_tables" must be an array of strings"#) }
            allowedTables = Set(names)
        }
        var tables: [String] = []
        for dialect in dialects {
            switch SQLGuard(dialect: dialect).check(sql, allowedTables: allowedTables) {
            case .allowed(let statement):
                if tables.isEmpty { tables = statement.tables }
            case .rejected(let rejection):
                return Outcome(allowed: false, reason: rejection.message, code: rejection.code, line: rejection.line,
                               column: rejection.column, offset: rejection.offset, dialect: dialect.rawValue)
            }
        }
        return Outcome(allowed: true, reason: "allowed", dialect: dialectName ?? SQLDialect.sqlite.rawValue, tables: tables)
    }

    private static func invalid(_ why: String) -> Outcome {
        Outcome(allowed: false, reason: "invalid input line: " + why, code: "invalid_input")
    }
}
