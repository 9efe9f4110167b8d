import DaiBaiCore
@testable import DaiBaiMySQL
import Testing

@Suite("MariaDB Connector/C connection", .enabled(if: TestMariaDB.isAvailable, "run with scripts/test to start MariaDB"))
struct MariaDBConnectionTests {
    @Test("a text-protocol query returns each cell's bytes, NULL as nil, binary and unsigned flags")
    func textResult() throws {
        let connection = try MariaDBConnection.open(try TestMariaDB.configuration())
        #expect(connection.threadID > 0)
        let result = try connection.query(
            "SELECT CAST(18446744073709551615 AS UNSIGNED) AS big, 'é' AS word, NULL AS nothing, X'00FF' AS raw, 12.50 AS price",
            rowLimit: 10)
        #expect(result.columns.map(\.name) == ["big", "word", "nothing", "raw", "price"])
        #expect(result.columns[0].isUnsigned)
        #expect(!result.columns[1].isBinary && result.columns[3].isBinary)
        #expect(result.rows.count == 1 && !result.truncated)
        #expect(result.rows[0][0] == Array("18446744073709551615".utf8))
        #expect(result.rows[0][1] == [0xC3, 0xA9])
        #expect(result.rows[0][2] == nil)
        #expect(result.rows[0][3] == [0x00, 0xFF])
        #expect(result.rows[0][4] == Array("12.50".utf8))
    }

    @Test("the row limit stops reading and says truncated; the connection answers the next query")
    func rowLimit() throws {
        let connection = try MariaDBConnection.open(try TestMariaDB.configuration())
        let series = "SELECT seq FROM seq_1_to_50"
        let capped = try connection.query(series, rowLimit: 7)
        #expect(capped.rows.count == 7 && capped.truncated)
        #expect(capped.rows.last?.first == Array("7".utf8))
        let exact = try connection.query("SELECT seq FROM seq_1_to_7", rowLimit: 7)
        #expect(exact.rows.count == 7 && !exact.truncated)
    }

    @Test("the SELECT-only test account cannot write; errors carry the server's code and no password")
    func refusals() throws {
        let configuration = try TestMariaDB.configuration()
        let connection = try MariaDBConnection.open(configuration)
        let error = #expect(throws: DatabaseError.self) { try connection.execute("CREATE TABLE daibai_probe (x INT)") }
        #expect(error.map { "\($0)".contains("(error 1142)") } == true, "\(String(describing: error))")
        let password = try #require(configuration.password?.revealed())

        var wrong = configuration
        wrong.password = SecretValue(password + "-wrong")
        let refused = #expect(throws: DatabaseError.self) { try MariaDBConnection.open(wrong) }
        guard case .connectionFailed(let message) = refused else {
            Issue.record("expected connectionFailed, got \(String(describing: refused))")
            return
        }
        #expect(message.contains("(error 1045)"), "\(message)")
        #expect(!message.contains(password))
    }
}
