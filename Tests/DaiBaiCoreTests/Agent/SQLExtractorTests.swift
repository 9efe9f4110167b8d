import DaiBaiCore
import Testing

@Suite("Finding the SQL in a model's answer")
struct SQLExtractorTests {
    @Test("a fenced sql block wins, even after other fenced blocks")
    func taggedFence() throws {
        let answer = """
            Here is the plan:
            ```text
            join artists and albums
            ```
            ```sql
            SELECT name
            FROM artists;
            ```
            It lists the names.
            """
        let extraction = try #require(SQLExtractor.extract(from: answer))
        #expect(extraction.sql == "SELECT name\nFROM artists;")
        #expect(extraction.method == .taggedFence)
    }

    @Test("a dialect tag counts as sql", arguments: ["sqlite", "PostgreSQL", "mysql", "tsql"])
    func dialectTags(tag: String) throws {
        let extraction = try #require(SQLExtractor.extract(from: "```\(tag)\nSELECT 1\n```"))
        #expect(extraction.sql == "SELECT 1")
        #expect(extraction.method == .taggedFence)
    }

    @Test("an untagged fence is used when it starts with a statement keyword")
    func untaggedFence() throws {
        let extraction = try #require(SQLExtractor.extract(from: "Sure:\n```\n  WITH t AS (SELECT 1) SELECT * FROM t\n```"))
        #expect(extraction.sql == "WITH t AS (SELECT 1) SELECT * FROM t")
        #expect(extraction.method == .untaggedFence)
    }

    @Test("a write in a fence is still extracted, so the guard can explain the rejection")
    func writesAreExtracted() throws {
        let extraction = try #require(SQLExtractor.extract(from: "```sql\nDELETE FROM t\n```"))
        #expect(extraction.sql == "DELETE FROM t")
    }

    @Test("a bare statement paragraph is found")
    func bareStatement() throws {
        let answer = "The query is:\n\nSELECT name, total\nFROM invoices\nWHERE total > 10;\n\nThat returns big invoices."
        let extraction = try #require(SQLExtractor.extract(from: answer))
        #expect(extraction.sql == "SELECT name, total\nFROM invoices\nWHERE total > 10;")
        #expect(extraction.method == .bareStatement)
    }

    @Test("prose is never returned as SQL", arguments: [
        "I cannot answer that from this schema.",
        "With pleasure! The customers table has the data you need.",
        "Select the invoices you want and I will help.",
        "```\nThe answer depends on the region.\n```",
        "",
    ])
    func proseIsNoSQL(answer: String) {
        #expect(SQLExtractor.extract(from: answer) == nil)
    }
}
