/// Finds the SQL in a model's answer, and never mistakes prose for SQL.
///
/// In order: the first fenced block tagged `sql` (or a dialect name); else the first fenced
/// block whose text starts with a SQL statement keyword; else a line of the answer that starts
/// with `SELECT`, `WITH` or `VALUES`, up to the end of that paragraph. Anything else is
/// "no SQL produced" (`nil`), never the prose itself.
public enum SQLExtractor {
    /// How the SQL was found.
    public enum Method: String, Sendable, Hashable {
        /// A fenced block tagged as SQL.
        case taggedFence
        /// An untagged fenced block that starts with a statement keyword.
        case untaggedFence
        /// A paragraph of the answer that starts with a statement keyword.
        case bareStatement
    }

    /// SQL found in an answer.
    public struct Extraction: Sendable, Hashable {
        /// The statement, trimmed.
        public var sql: String
        /// How it was found.
        public var method: Method
    }

    /// Words a statement may start with. Non-read statements are extracted too, so that the
    /// guard can reject them with a reason the model learns from.
    static let statementKeywords: Set<String> = [
        "select", "with", "values", "insert", "update", "delete", "merge", "replace", "create", "alter",
        "drop", "truncate", "pragma", "attach", "explain", "show", "set", "call", "exec", "execute", "grant",
    ]
    static let sqlTags: Set<String> = ["sql", "sqlite", "postgresql", "postgres", "psql", "pgsql", "mysql", "tsql", "mssql", "sqlserver", "plsql"]

    /// The SQL in `answer`, or `nil` when it holds none.
    public static func extract(from answer: String) -> Extraction? {
        let fences = fencedBlocks(in: answer)
        if let tagged = fences.first(where: { sqlTags.contains($0.tag) }), let sql = cleaned(tagged.body) {
            return Extraction(sql: sql, method: .taggedFence)
        }
        if let untagged = fences.first(where: { startsWithKeyword($0.body) }), let sql = cleaned(untagged.body) {
            return Extraction(sql: sql, method: .untaggedFence)
        }
        if fences.isEmpty, let sql = bareStatement(in: answer) {
            return Extraction(sql: sql, method: .bareStatement)
        }
        return nil
    }

    private struct Fence {
        var tag: String
        var body: String
    }

    private static func fencedBlocks(in text: String) -> [Fence] {
        var fences: [Fence] = []
        var openFence: (tag: String, lines: [Substring])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                if let current = openFence {
                    fences.append(Fence(tag: current.tag, body: current.lines.joined(separator: "\n")))
                    openFence = nil
                } else {
                    let tag = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces).lowercased()
                    openFence = (String(tag.split(separator: " ").first ?? ""), [])
                }
            } else if openFence != nil {
                openFence?.lines.append(line)
            }
        }
        return fences
    }

    private static func firstWord(_ text: some StringProtocol) -> String {
        String(text.drop(while: { $0.isWhitespace || $0 == "(" }).prefix(while: { $0.isLetter })).lowercased()
    }

    private static func startsWithKeyword(_ text: some StringProtocol) -> Bool {
        statementKeywords.contains(firstWord(text))
    }

    private static func cleaned(_ body: String) -> String? {
        let sql = body.trimmingCharacters(in: .whitespacesAndNewlines)
        return sql.isEmpty ? nil : sql
    }

    private static func bareStatement(in text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where ["select", "with", "values"].contains(firstWord(line)) {
            var statement: [Substring] = []
            for next in lines[index...] {
                if next.trimmingCharacters(in: .whitespaces).isEmpty { break }
                statement.append(next)
                if next.trimmingCharacters(in: .whitespaces).hasSuffix(";") { break }
            }
            if let sql = cleaned(statement.joined(separator: "\n")), looksLikeSQL(sql) { return sql }
        }
        return nil
    }

    /// Tells a statement from prose that merely starts with "Select" or "With".
    static func looksLikeSQL(_ text: String) -> Bool {
        let words = text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
        guard let first = words.first else { return false }
        switch first {
        case "select":
            return words.contains("from") || text.hasSuffix(";") || (words.count > 1 && words[1].allSatisfy(\.isNumber))
        case "with":
            // WITH name [ (columns) ] AS (   or   WITH RECURSIVE
            if words.count > 1, words[1] == "recursive" { return true }
            guard let asIndex = words.firstIndex(of: "as"), asIndex <= 12 else { return false }
            return text.lowercased().range(of: #"\bas\s*\("#, options: .regularExpression) != nil
        case "values":
            return text.drop(while: { $0.isLetter || $0.isWhitespace }).first == "("
        default:
            return false
        }
    }
}

import Foundation
