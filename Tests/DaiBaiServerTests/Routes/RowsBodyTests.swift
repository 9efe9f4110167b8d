import DaiBaiCore
@testable import DaiBaiServer
import Foundation
import Testing

@Suite("Rows as JSON")
struct RowsBodyTests {
    @Test("integers are written exactly, also above 2^53; doubles, text, blobs and NULL keep their kinds")
    func cells() throws {
        let result = QueryResult(
            columns: ["id", "price", "name", "raw", "missing", "flag"],
            rows: [[.integer(9_007_199_254_740_993), .double(1.5), .text("a\"b"), .blob([0, 255]), .null, .bool(true)]],
            truncated: false)
        let json = String(decoding: try JSONEncoder().encode(RowsBody(result)), as: UTF8.self)
        #expect(json.contains("9007199254740993"))
        #expect(json.contains("1.5"))
        #expect(json.contains(#""a\"b""#))
        #expect(json.contains(#""AP8=""#))
        #expect(json.contains("null"))
        let decoded = try JSONDecoder().decode(RowsBody.self, from: Data(json.utf8))
        #expect(decoded.rows.first?.first == .integer(9_007_199_254_740_993))
        #expect(decoded.rows.first?[1] == .number(1.5))
    }
}
