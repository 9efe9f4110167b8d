import DaiBaiCore
import Testing

@Suite("SQL guard: redaction for logs")
struct SQLRedactionTests {
    @Test("string and number literals become ?, comments go, identifiers stay")
    func literals() {
        let redacted = SQLGuard(dialect: .postgresql).redactingLiterals("SELECT name, 'x' FROM customers /* card 4111 */ WHERE email = 'alice@example.com' AND id > 42 -- ssn 123-45-6789")
        #expect(redacted == "SELECT name, ? FROM customers WHERE email = ? AND id > ?")
    }

    @Test("quoted identifiers are kept; dialect quoting rules apply")
    func quoting() {
        #expect(SQLGuard(dialect: .mysql).redactingLiterals("SELECT `order` FROM t WHERE note = \"secret\"") == "SELECT `order` FROM t WHERE note = ?")
        #expect(SQLGuard(dialect: .sqlite).redactingLiterals("SELECT \"Name\" FROM \"Artist\" WHERE \"ArtistId\" = 3") == "SELECT \"Name\" FROM \"Artist\" WHERE \"ArtistId\" = ?")
    }

    @Test("text the lexer cannot read is not shown at all")
    func unreadable() {
        let redacted = SQLGuard(dialect: .postgresql).redactingLiterals("SELECT 'unterminated secret")
        #expect(!redacted.contains("secret"))
        #expect(redacted.contains("could not be read"))
    }
}
