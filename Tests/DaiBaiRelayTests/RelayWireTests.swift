import DaiBaiCore
import Foundation
import Testing

@testable import DaiBaiRelay

@Suite("Relay: wire protocol")
struct RelayWireTests {
    @Test("cells keep their type through JSON, including 64-bit integers and non-finite doubles")
    func cells() throws {
        let values: [SQLValue] = [.null, .integer(Int64.max), .integer(-7), .double(1.5), .double(.infinity), .text("O'Brien ✓"), .blob([0, 255, 7]), .bool(true)]
        let result = QueryResult(columns: values.indices.map { "c\($0)" }, rows: [values], truncated: true, columnTypes: values.map { _ in nil })
        let messages = try RelayResponseWriter(id: "r1").messages(for: result)
        #expect(messages.count == 3)
        #expect(messages[1].contains(#"{"i":"9223372036854775807"}"#))
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let rows = try decoder.decode(RelayResponse.self, from: Data(messages[1].utf8))
        #expect(rows.kind == .rows)
        #expect(rows.rows?.first?.map(\.value) == values)
        let end = try decoder.decode(RelayResponse.self, from: Data(messages[2].utf8))
        #expect(end.kind == .end && end.truncated == true && end.rowCount == 1)
    }

    @Test("rows are batched so that every rows message stays under the frame cap")
    func batching() throws {
        let rows = (0..<2_000).map { [SQLValue.integer(Int64($0)), .text(String(repeating: "x", count: 40))] }
        let cap = 4 * 1024
        let messages = try RelayResponseWriter(id: "batch", maxFrameBytes: cap).messages(for: QueryResult(columns: ["n", "s"], rows: rows, truncated: false))
        let rowMessages = messages.dropFirst().dropLast()
        #expect(rowMessages.count > 10)
        #expect(rowMessages.allSatisfy { $0.utf8.count <= cap })
        var received: [[SQLValue]] = []
        for message in rowMessages {
            received += try JSONDecoder().decode(RelayResponse.self, from: Data(message.utf8)).rows?.map { $0.map(\.value) } ?? []
        }
        #expect(received == rows)
    }

    @Test("a row over the message cap is a typed error, not a silent cut")
    func oversized() {
        let writer = RelayResponseWriter(id: "big", maxFrameBytes: 1024, maxMessageBytes: 2048)
        let error = #expect(throws: RelayRemoteError.self) {
            try writer.messages(for: QueryResult(columns: ["s"], rows: [[.text(String(repeating: "y", count: 4096))]], truncated: false))
        }
        #expect(error?.code == .tooLarge)
    }
}
