import DaiBaiRedis
import NIOCore
import Testing

/// The decoder against byte-exact frames from the RESP2 sections of the Redis protocol
/// specification (https://redis.io/docs/latest/develop/reference/protocol-spec/), each fed
/// whole and split at every byte offset.
@Suite("RESP parser")
struct RESPParserTests {
    struct Fixture: Sendable, CustomTestStringConvertible {
        var name: String
        var wire: String
        var value: RESPValue
        var testDescription: String { name }
    }

    static let fixtures: [Fixture] = [
        Fixture(name: "simple string", wire: "+OK\r\n", value: .simpleString("OK")),
        Fixture(name: "simple error", wire: "-Error message\r\n", value: .error("Error message")),
        Fixture(name: "typed error", wire: "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                value: .error("WRONGTYPE Operation against a key holding the wrong kind of value")),
        Fixture(name: "integer", wire: ":1000\r\n", value: .integer(1000)),
        Fixture(name: "zero", wire: ":0\r\n", value: .integer(0)),
        Fixture(name: "negative integer", wire: ":-42\r\n", value: .integer(-42)),
        Fixture(name: "bulk string", wire: "$5\r\nhello\r\n", value: .bulkString(Array("hello".utf8))),
        Fixture(name: "empty bulk string", wire: "$0\r\n\r\n", value: .bulkString([])),
        Fixture(name: "null bulk string", wire: "$-1\r\n", value: .null),
        Fixture(name: "empty array", wire: "*0\r\n", value: .array([])),
        Fixture(name: "array of bulk strings", wire: "*2\r\n$5\r\nhello\r\n$5\r\nworld\r\n",
                value: .array([.bulkString(Array("hello".utf8)), .bulkString(Array("world".utf8))])),
        Fixture(name: "array of integers", wire: "*3\r\n:1\r\n:2\r\n:3\r\n", value: .array([.integer(1), .integer(2), .integer(3)])),
        Fixture(name: "mixed array", wire: "*5\r\n:1\r\n:2\r\n:3\r\n:4\r\n$5\r\nhello\r\n",
                value: .array([.integer(1), .integer(2), .integer(3), .integer(4), .bulkString(Array("hello".utf8))])),
        Fixture(name: "nested arrays", wire: "*2\r\n*3\r\n:1\r\n:2\r\n:3\r\n*2\r\n+Hello\r\n-World\r\n",
                value: .array([.array([.integer(1), .integer(2), .integer(3)]), .array([.simpleString("Hello"), .error("World")])])),
        Fixture(name: "null array", wire: "*-1\r\n", value: .null),
        Fixture(name: "array with a null element", wire: "*3\r\n$5\r\nhello\r\n$-1\r\n$5\r\nworld\r\n",
                value: .array([.bulkString(Array("hello".utf8)), .null, .bulkString(Array("world".utf8))])),
        Fixture(name: "bulk string holding CRLF", wire: "$4\r\na\r\nb\r\n", value: .bulkString(Array("a\r\nb".utf8))),
    ]

    @Test("a whole frame decodes to its value and consumes exactly its bytes", arguments: fixtures)
    func whole(fixture: Fixture) throws {
        var buffer = ByteBuffer(string: fixture.wire + "+NEXT\r\n")
        let parser = RESPParser()
        #expect(try parser.parse(&buffer) == fixture.value)
        #expect(try parser.parse(&buffer) == .simpleString("NEXT"))
        #expect(buffer.readableBytes == 0)
    }

    @Test("a frame split at any offset needs more data until it is complete", arguments: fixtures)
    func split(fixture: Fixture) throws {
        let bytes = Array(fixture.wire.utf8)
        let parser = RESPParser()
        for cut in 0..<bytes.count {
            var buffer = ByteBuffer(bytes: bytes[..<cut])
            #expect(try parser.parse(&buffer) == nil, "cut at \(cut)")
            #expect(buffer.readableBytes == cut, "an incomplete frame must not be consumed (cut at \(cut))")
            buffer.writeBytes(bytes[cut...])
            #expect(try parser.parse(&buffer) == fixture.value, "cut at \(cut)")
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test("a large binary bulk string decodes byte for byte")
    func largeBulk() throws {
        let payload = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var buffer = ByteBuffer(string: "$\(payload.count)\r\n")
        buffer.writeBytes(payload)
        buffer.writeString("\r\n")
        var partial = buffer.getSlice(at: 0, length: buffer.readableBytes - 1) ?? ByteBuffer()
        #expect(try RESPParser().parse(&partial) == nil)
        #expect(try RESPParser().parse(&buffer) == .bulkString(payload))
    }

    static let malformed: [(String, String)] = [
        ("unknown type byte", "!oops\r\n"),
        ("integer with letters", ":12a\r\n"),
        ("empty integer", ":\r\n"),
        ("bulk length below -1", "$-2\r\n"),
        ("bulk length not a number", "$x\r\nabc\r\n"),
        ("bulk string without CRLF after it", "$3\r\nabcXY"),
        ("array length below -1", "*-5\r\n"),
        ("CR without LF", "+OK\rX"),
        ("LF without CR", "+OK\n"),
        ("element of an array malformed", "*2\r\n:1\r\n?\r\n"),
    ]

    @Test("malformed input is rejected with a typed error", arguments: malformed.map(\.1))
    func rejects(wire: String) {
        var buffer = ByteBuffer(string: wire)
        #expect(throws: RESPDecodingError.self) { try RESPParser().parse(&buffer) }
    }

    @Test("a bulk string over the limit is rejected before its bytes arrive")
    func bulkLimit() {
        var huge = ByteBuffer(string: "$536870913\r\n")
        #expect(throws: RESPDecodingError.self) { try RESPParser().parse(&huge) }
        var small = ByteBuffer(string: "$11\r\n")
        #expect(throws: RESPDecodingError.self) { try RESPParser(maxBulkLength: 10).parse(&small) }
    }

    @Test("nesting deeper than the limit is rejected")
    func depthLimit() {
        var buffer = ByteBuffer(string: String(repeating: "*1\r\n", count: 5) + ":1\r\n")
        #expect(throws: RESPDecodingError.self) { try RESPParser(maxDepth: 3).parse(&buffer) }
        var ok = ByteBuffer(string: String(repeating: "*1\r\n", count: 3) + ":1\r\n")
        #expect((try? RESPParser(maxDepth: 3).parse(&ok)) == .array([.array([.array([.integer(1)])])]))
    }

    @Test("commands are encoded as arrays of binary-safe bulk strings")
    func encoder() {
        var buffer = RESPEncoder.command([Array("SET".utf8), Array("k".utf8), [0, 13, 10, 255]])
        let expected: [UInt8] = Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\n".utf8) + [0, 13, 10, 255] + Array("\r\n".utf8)
        #expect(buffer.readBytes(length: buffer.readableBytes) == expected)
    }
}
