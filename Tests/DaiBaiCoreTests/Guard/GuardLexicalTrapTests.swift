import Testing

@testable import DaiBaiCore

/// Each dialect's lexical traps: what hides inside literals, identifiers and comments, and what does not.
@Suite("Guard: lexical traps")
struct GuardLexicalTrapTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var dialect: SQLDialect
        var sql: String
        var allowed: Bool
        var testDescription: String { "[\(dialect)] \(allowed ? "allow" : "reject") \(sql)" }
        init(_ dialect: SQLDialect, _ sql: String, _ allowed: Bool) {
            self.dialect = dialect
            self.sql = sql
            self.allowed = allowed
        }
    }

    static let cases: [Case] = [
        // PostgreSQL: E'' escapes, dollar quotes, nested comments, standard strings.
        Case(.postgresql, #"SELECT E'it\'s; DROP TABLE x' AS s"#, true),
        Case(.postgresql, #"SELECT e'\\'; DROP TABLE x; --'"#, false),  // E'\\' ends the string: the DROP is real
        Case(.postgresql, "SELECT $$ ; DELETE FROM t $$ AS s", true),
        Case(.postgresql, "SELECT $fn$ ; DELETE FROM t $$ still inside $fn$ AS s FROM t", true),
        Case(.postgresql, "SELECT $a$ x $b$ ; $b$ $a$", true),
        Case(.postgresql, "SELECT $a$ never closed", false),
        Case(.postgresql, "SELECT $1, $2 FROM t", true),
        Case(.postgresql, "SELECT 1 /* a /* b */ ; DROP TABLE t */ FROM t", true),
        Case(.postgresql, "SELECT 1 /* a /* b */ FROM t", false),  // nested: still open
        Case(.postgresql, "SELECT 'it''s' || U&'d\\0061t' FROM t", true),
        Case(.postgresql, #"SELECT 'a\'; DROP TABLE t; --'"#, false),  // with standard_conforming_strings=off the DROP runs
        Case(.postgresql, "SELECT a # b, a -- c ; DROP\n FROM t", true),
        Case(.postgresql, "SELECT arr[1] FROM t", true),
        Case(.postgresql, #"SELECT "delete", "update_date" FROM "drop""#, true),
        Case(.postgresql, #"SELECT "a""; DROP" FROM t"#, true),
        Case(.postgresql, "SELECT `x` FROM t", false),
        // MySQL: backslashes, "…" strings, # comments, -- needs a space, executable comments.
        Case(.mysql, #"SELECT 'it\'s; DROP TABLE t' FROM t"#, false),  // with NO_BACKSLASH_ESCAPES the DROP runs
        Case(.mysql, #"SELECT name FROM t WHERE name = 'O\'Brien' OR name = "a\"b""#, true),  // other readings fail to parse
        Case(.mysql, #"SELECT 'a\' ; DROP TABLE t; SELECT '"#, false),  // NO_BACKSLASH_ESCAPES would run the DROP first
        Case(.mysql, #"SELECT "a\" ; DROP TABLE t; -- ""#, false),
        Case(.mysql, #"SELECT 'it''s; DROP TABLE t' FROM t"#, true),
        Case(.mysql, #"SELECT "a; DROP TABLE t" FROM t"#, true),
        Case(.mysql, "SELECT 1 # ; DROP TABLE t\n FROM t", true),
        Case(.mysql, "SELECT 1 -- ; DROP TABLE t\n FROM t", true),
        Case(.mysql, "SELECT 1 --1; DROP TABLE t", false),  // `--1` is minus minus one in MySQL
        Case(.mysql, "SELECT 1 /*! ; DROP TABLE t */", false),
        Case(.mysql, "SELECT 1 /*!50000 , SLEEP(5) */", false),
        Case(.mysql, "SELECT 1 /*!50000 FROM t FOR UPDATE */", false),
        Case(.mysql, "SELECT 1 /*M!100000 INTO @x */", false),
        Case(.mysql, "SELECT 1 /*!50000 FROM t */", true),
        Case(.mysql, "SELECT 1 /*!50000 FROM t", false),
        Case(.mysql, "SELECT 1 /*+ MAX_EXECUTION_TIME(1000) */ FROM t", true),
        Case(.mysql, "SELECT 1 /* a /* b */ FROM t", true),  // MySQL comments do not nest
        Case(.mysql, "SELECT `select`, `a``b` FROM `table`", true),
        Case(.mysql, "SELECT `a FROM t", false),
        Case(.mysql, "SELECT [a] FROM t", false),
        Case(.mysql, "SELECT N'x', X'4142', B'01', 0x41, _utf8mb4'x' FROM t", true),
        Case(.mysql, "SELECT \\N", false),
        // SQLite: [brackets], `backticks`, "identifiers", blobs, no nesting, parameters.
        Case(.sqlite, "SELECT [delete], `update`, \"drop\" FROM [my table]", true),
        Case(.sqlite, "SELECT [a;b] FROM t", true),
        Case(.sqlite, "SELECT X'00FF', :name, @p, $v, ?1 FROM t", true),
        Case(.sqlite, "SELECT 1 /* a /* b */ FROM t", true),
        Case(.sqlite, "SELECT 1 /* never closed", false),
        Case(.sqlite, "SELECT 1 -- comment without newline", true),
        Case(.sqlite, "SELECT 'a' ; -- trailing\n", true),
        // SQL Server: N'', doubled quotes, [brackets]]], nested comments, no `;` needed.
        Case(.sqlserver, "SELECT N'O''Brien; DROP TABLE t' AS n", true),
        Case(.sqlserver, "SELECT [a]]; DROP TABLE t] FROM [dbo].[t]", true),
        Case(.sqlserver, "SELECT [a FROM t", false),
        Case(.sqlserver, "SELECT 1 /* a /* b */ DROP TABLE t */ FROM t", true),
        Case(.sqlserver, "SELECT @x, @@ROWCOUNT, $1.50 FROM #temp", true),
        Case(.sqlserver, "SELECT 1 DROP TABLE t", false),
        Case(.sqlserver, "SELECT 1 SELECT 2", false),
        // Every dialect.
        Case(.sqlite, "SELECT 1\u{00A0}FROM t", false),
        Case(.postgresql, "SELECT 1 FROM t\u{2019}", false),
        Case(.mysql, "SELECT 1 \u{202E}", false),
        Case(.sqlite, "SELECT 'naïve café' AS x, 名前 FROM 表", true),
        Case(.sqlite, "SELECT {fn NOW()}", false),
        Case(.sqlite, "SELECT 1 \u{0} FROM t", false),
        Case(.postgresql, "SELECT 'a\u{0}' FROM t", false),
        Case(.sqlserver, "SELECT 1; -- done\n/* end */", true),
    ]

    @Test("Lexical trap", arguments: cases)
    func trap(_ example: Case) {
        let verdict = SQLGuard.verdict(example.sql, example.dialect)
        #expect(verdict.isAllowed == example.allowed, "\(verdict.rejection?.message ?? "allowed")")
    }

    @Test("Unterminated literals name what is open and where it starts")
    func unterminated() {
        let cases: [(SQLDialect, String, String, Int)] = [
            (.sqlite, "SELECT 'abc", "string literal", 7),
            (.postgresql, "SELECT \"abc", "quoted identifier", 7),
            (.mysql, "SELECT `abc", "quoted identifier", 7),
            (.sqlserver, "SELECT [abc", "bracketed identifier", 7),
            (.postgresql, "SELECT $x$abc", "dollar-quoted string", 7),
            (.sqlite, "SELECT 1 /* abc", "block comment", 9),
            (.mysql, "SELECT 1 /*! abc", "MySQL executable comment", 9),
        ]
        for (dialect, sql, what, offset) in cases {
            let rejection = SQLGuard.verdict(sql, dialect).rejection
            #expect(rejection?.reason == .unterminated(what: what), "\(sql)")
            #expect(rejection?.offset == offset, "\(sql)")
            #expect(rejection?.column == offset + 1, "\(sql)")
        }
    }

    @Test("Lexer work is linear even for adversarial dollar tags and nesting")
    func adversarialLexing() {
        let tag = String(repeating: "a", count: 500)
        let sql = "SELECT $" + tag + "$" + String(repeating: "$" + String(tag.dropLast()) + "b", count: 200) + "$" + tag + "$"
        let (verdict, work) = SQLGuard(dialect: .postgresql).evaluate(sql, allowedTables: nil)
        #expect(verdict.isAllowed)
        #expect(work <= 8 * (sql.utf8.count + 1))
        let deep = String(repeating: "(", count: 20_000) + "SELECT 1" + String(repeating: ")", count: 20_000)
        let (deepVerdict, deepWork) = SQLGuard(dialect: .sqlite).evaluate(deep, allowedTables: nil)
        #expect(deepVerdict.isAllowed)
        #expect(deepWork <= 8 * (deep.utf8.count + 1))
    }

    @Test("Positions are 1-based lines and Unicode columns")
    func positions() throws {
        let rejection = try #require(SQLGuard.verdict("SELECT 'é'\n  , x FROM t;\n DELETE FROM t", .sqlite).rejection)
        #expect(rejection.reason == .multipleStatements)
        #expect(rejection.line == 3)
        #expect(rejection.column == 2)
        #expect(rejection.message.contains("line 3, column 2"))
        let second = try #require(SQLGuard.verdict("SELECT 'é', sleep(1)", .mysql).rejection)
        #expect(second.reason == .deniedFunction(name: "sleep"))
        #expect(second.column == 13)
        #expect(second.offset == 13)  // é is two bytes
    }
}
