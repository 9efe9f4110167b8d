import Testing

@testable import DaiBaiCore

/// Random mutations of the samples and Spider queries: the guard never crashes, and its work
/// stays linear in the input length.
@Suite("Guard: fuzz")
struct SQLGuardFuzzTests {
    /// Fragments that open or close literals, comments and statements in some dialect.
    static let fragments: [[UInt8]] = [
        "'", "\"", "`", "[", "]", "/*", "*/", "/*!", "/*!50000", "$$", "$a$", ";", "--", "-- ", "#", "\\", "E'", "N'",
        "(", ")", "DELETE ", " INTO ", " FOR UPDATE", "WITH x AS (", "\n", "\u{00A0}", "é", "\0", "::", ":=", "@@",
    ].map { Array($0.utf8) }

    /// At most this many steps per input byte (the guard lexes up to four readings of MySQL text).
    static let linearBound = 40

    @Test("Thousands of mutations never crash and do linear work")
    func mutations() throws {
        var corpus = try SharedData.spiderQueries()
        corpus += try SharedData.samples("unsafe-sql-sample.jsonl").map(\.sql)
        corpus += try SharedData.samples("safe-sql-sample.jsonl").map(\.sql)
        #expect(corpus.count > 1000)
        var random = SplitMix64(seed: 0xDA1B_A15A_FE00_0001)
        let guards = SQLDialect.allCases.map { SQLGuard(dialect: $0) }
        var checked = 0
        var worst = 0.0
        for _ in 0..<6000 {
            var bytes = Array(corpus[Int(random.next() % UInt64(corpus.count))].utf8)
            let mutations = 1 + Int(random.next() % 6)
            for _ in 0..<mutations { Self.mutate(&bytes, &random) }
            let sql = String(decoding: bytes, as: UTF8.self)
            let guardUnderTest = guards[Int(random.next() % UInt64(guards.count))]
            let tables: Set<String>? = random.next() % 3 == 0 ? ["singer", "concert", "t"] : nil
            let (verdict, work) = guardUnderTest.evaluate(sql, allowedTables: tables)
            let length = sql.utf8.count
            #expect(work <= Self.linearBound * (length + 1), "work \(work) for \(length) bytes: \(sql)")
            worst = max(worst, Double(work) / Double(length + 1))
            if case .rejected(let rejection) = verdict {
                #expect(rejection.offset >= 0 && rejection.offset <= length)
                #expect(rejection.line >= 1 && rejection.column >= 1)
                #expect(!rejection.message.isEmpty)
            }
            checked += 1
        }
        #expect(checked == 6000)
        #expect(worst > 0)
    }

    @Test("Pathological inputs stay linear", arguments: [1_000, 10_000, 100_000])
    func pathological(size: Int) {
        let inputs = [
            String(repeating: "(", count: size) + String(repeating: ")", count: size),
            "SELECT " + String(repeating: "a,", count: size) + "b FROM t",
            "SELECT 1 " + String(repeating: "/*", count: size),
            "SELECT '" + String(repeating: "''", count: size),
            "WITH " + (0..<size / 10).map { "c\($0) AS (SELECT 1)" }.joined(separator: ", ") + " SELECT * FROM c1",
            "SELECT * FROM " + String(repeating: "t JOIN ", count: size / 7) + "t",
            "SELECT $" + String(repeating: "a", count: size) + "$ $" + String(repeating: "a", count: size - 1) + "$",
            String(repeating: "SELECT 1 UNION ", count: size / 15) + "SELECT 1",
            String(repeating: "\\\"'", count: size),
        ]
        for sql in inputs {
            for dialect in SQLDialect.allCases {
                let (_, work) = SQLGuard(dialect: dialect).evaluate(sql, allowedTables: ["t"])
                #expect(work <= Self.linearBound * (sql.utf8.count + 1), "\(dialect): work \(work) for \(sql.utf8.count) bytes")
            }
        }
    }

    static func mutate(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
        let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count + 1))
        switch random.next() % 6 {
        case 0:  // insert a random byte
            bytes.insert(UInt8(truncatingIfNeeded: random.next() % 128), at: position)
        case 1:  // delete a byte
            if position < bytes.count { bytes.remove(at: position) }
        case 2:  // duplicate a slice
            if position < bytes.count {
                let end = min(bytes.count, position + 1 + Int(random.next() % 12))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            }
        case 3:  // swap two bytes
            if bytes.count > 1 {
                let other = Int(random.next() % UInt64(bytes.count))
                if position < bytes.count { bytes.swapAt(position, other) }
            }
        default:  // splice a fragment
            let fragment = fragments[Int(random.next() % UInt64(fragments.count))]
            bytes.insert(contentsOf: fragment, at: position)
        }
    }
}
