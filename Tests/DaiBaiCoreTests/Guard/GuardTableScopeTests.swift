import Testing

@testable import DaiBaiCore

/// `check(_:allowedTables:)`: which names are tables, and which are not.
@Suite("Guard: table scope")
struct GuardTableScopeTests {
    @Test("Tables are found after FROM, every JOIN form and comma lists, at any depth")
    func tablesFound() {
        let sql = """
            SELECT * FROM a, b AS bb
            JOIN c ON c.id = a.id LEFT OUTER JOIN d USING (id) NATURAL JOIN e CROSS JOIN f
            WHERE a.x IN (SELECT x FROM g) AND EXISTS (SELECT 1 FROM (h JOIN i ON true))
            """
        let statement = SQLGuard.verdict(sql, .postgresql).statement
        #expect(statement?.tables == ["a", "b", "c", "d", "e", "f", "g", "h", "i"])
        #expect(SQLGuard.verdict("SELECT * FROM t1 STRAIGHT_JOIN t2", .mysql).statement?.tables == ["t1", "t2"])
        #expect(SQLGuard.verdict("SELECT * FROM t CROSS APPLY (SELECT * FROM u) x OUTER APPLY v", .sqlserver).statement?.tables == ["t", "u", "v"])
    }

    @Test("CTE names, aliases, derived tables and table functions are not tables")
    func notTables() {
        let sql = """
            WITH recent AS (SELECT * FROM orders), r2 (a) AS (SELECT a FROM recent)
            SELECT x.a FROM recent AS x JOIN r2 ON true, LATERAL (SELECT 1 FROM items) AS li,
            generate_series(1, 3) AS g(n), unnest(ARRAY[1]) u, (VALUES (1)) AS v(n)
            """
        let verdict = SQLGuard.verdict(sql, .postgresql, tables: ["orders", "items"])
        #expect(verdict.isAllowed, "\(verdict.rejection?.message ?? "")")
        #expect(verdict.statement?.tables == ["orders", "items"])
        #expect(SQLGuard.verdict("SELECT value FROM json_each('[1]')", .sqlite, tables: []).isAllowed)
    }

    @Test("A table outside the scope is named, with its position")
    func outsideScope() throws {
        let rejection = try #require(SQLGuard.verdict("SELECT a FROM t\nJOIN secret s ON s.id = t.id", .sqlite, tables: ["t"]).rejection)
        #expect(rejection.reason == .tableNotAllowed(name: "secret"))
        #expect(rejection.line == 2 && rejection.column == 6)
        #expect(rejection.message == "The table secret is not among the tables this question may use; found at line 2, column 6.")
        #expect(SQLGuard.reason("SELECT (SELECT max(x) FROM hidden) FROM t", .sqlite, tables: ["t"]) == .tableNotAllowed(name: "hidden"))
        #expect(SQLGuard.reason("SELECT 1 WHERE 1 IN hidden", .sqlite, tables: ["t"]) == .tableNotAllowed(name: "hidden"))
        #expect(SQLGuard.reason("SELECT * FROM 'hidden'", .sqlite, tables: ["t"]) == .tableNotAllowed(name: "hidden"))
        #expect(SQLGuard.reason("SELECT 1 UNION TABLE hidden", .postgresql, tables: ["t"]) == .tableNotAllowed(name: "hidden"))
        #expect(SQLGuard.reason("SELECT * FROM t, (hidden)", .postgresql, tables: ["t"]) == .tableNotAllowed(name: "hidden"))
        #expect(SQLGuard.reason("SELECT * FROM hidden (NOLOCK)", .sqlserver, tables: ["t"]) == .tableNotAllowed(name: "hidden"))
        #expect(SQLGuard.reason("WITH t AS (SELECT 1) SELECT * FROM (SELECT * FROM x) q, t", .sqlite, tables: ["y"]) == .tableNotAllowed(name: "x"))
    }

    @Test("CTE names are scoped to their WITH, and shadow tables only after their body unless RECURSIVE")
    func cteScope() {
        let sql = "SELECT * FROM (WITH c AS (SELECT 1) SELECT * FROM c) x, c"
        #expect(SQLGuard.reason(sql, .postgresql, tables: ["t"]) == .tableNotAllowed(name: "c"))
        #expect(SQLGuard.reason("WITH hidden AS (SELECT * FROM hidden) SELECT * FROM hidden", .postgresql, tables: ["t"]) == .tableNotAllowed(name: "hidden"))
        let recursive = "WITH RECURSIVE c(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM c WHERE n < 3) SELECT n FROM c"
        #expect(SQLGuard.verdict(recursive, .postgresql, tables: []).isAllowed)
        #expect(SQLGuard.verdict("WITH a AS (SELECT * FROM t), b AS (SELECT * FROM a) SELECT * FROM b", .sqlite, tables: ["t"]).isAllowed)
    }

    @Test("Names match case-insensitively, quoted or not, qualified or not")
    func matching() {
        #expect(SQLGuard.verdict("SELECT * FROM \"Users\" JOIN public.orders o ON true", .postgresql, tables: ["users", "ORDERS"]).isAllowed)
        #expect(SQLGuard.verdict("SELECT TOP 10 [name] FROM [dbo].[users]", .sqlserver, tables: ["users"]).isAllowed)
        #expect(SQLGuard.verdict("SELECT * FROM shop.dbo.users", .sqlserver, tables: ["shop.dbo.users"]).isAllowed)
        #expect(SQLGuard.verdict("SELECT * FROM `shop`.`users`", .mysql, tables: ["shop.users"]).isAllowed)
        #expect(SQLGuard.verdict("SELECT * FROM users", .postgresql, tables: ["app.users"]).isAllowed)
        #expect(SQLGuard.reason("SELECT * FROM other.users", .postgresql, tables: ["users"]) == .tableNotAllowed(name: "other.users"))
        #expect(SQLGuard.reason("SELECT * FROM app.users", .postgresql, tables: ["other.users"]) == .tableNotAllowed(name: "app.users"))
        #expect(SQLGuard.reason("SELECT * FROM users", .postgresql, tables: []) == .tableNotAllowed(name: "users"))
        #expect(SQLGuard.verdict("SELECT * FROM users", .postgresql, tables: nil).isAllowed)
    }
}
