import Foundation
import Testing

@testable import DaiBaiCore

/// Locates and reads the shared data files (`../shared/data` next to the package, or `$DAIBAI_SHARED_DATA`).
enum SharedData {
    /// One line of `unsafe-sql-sample.jsonl` or `safe-sql-sample.jsonl`.
    struct Sample: Sendable, CustomTestStringConvertible {
        var dialect: String
        var sql: String
        var kind: String
        var testDescription: String { "[\(dialect)/\(kind)] \(sql)" }

        /// The dialects the sample applies to (`any` = all four).
        var dialects: [SQLDialect] {
            dialect == "any" ? SQLDialect.allCases : SQLDialect(name: dialect).map { [$0] } ?? []
        }
    }

    enum Failure: Error, CustomStringConvertible {
        case missing(String)
        var description: String {
            switch self {
            case .missing(let path):
                "Shared test data not found at \(path). Set DAIBAI_SHARED_DATA to the directory holding unsafe-sql-sample.jsonl, safe-sql-sample.jsonl and spider-dev/."
            }
        }
    }

    /// The data directory: `$DAIBAI_SHARED_DATA`, else `<package root>/../shared/data`.
    static var directory: URL {
        if let override = ProcessInfo.processInfo.environment["DAIBAI_SHARED_DATA"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        // #filePath = <root>/Tests/DaiBaiCoreTests/Guard/GuardTestSupport.swift
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// The lines of a JSON Lines file as objects; throws (so the test fails) when the file is missing.
    static func objects(_ relativePath: String) throws -> [[String: Any]] {
        let url = directory.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Failure.missing(url.path) }
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// The samples of one file.
    static func samples(_ file: String) throws -> [Sample] {
        try objects(file).map { object in
            Sample(dialect: object["dialect"] as? String ?? "", sql: object["sql"] as? String ?? "",
                   kind: object["class"] as? String ?? "")
        }
    }

    /// The Spider dev gold queries.
    static func spiderQueries() throws -> [String] {
        try objects("spider-dev/questions.jsonl").compactMap { $0["query"] as? String }
    }
}

/// SplitMix64: a tiny deterministic PRNG for the fuzz test.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Shorthands for the guard tests.
extension SQLGuard {
    static func verdict(_ sql: String, _ dialect: SQLDialect, tables: Set<String>? = nil) -> SQLGuardVerdict {
        SQLGuard(dialect: dialect).check(sql, allowedTables: tables)
    }

    static func reason(_ sql: String, _ dialect: SQLDialect, tables: Set<String>? = nil) -> SQLGuardReason? {
        verdict(sql, dialect, tables: tables).rejection?.reason
    }
}
