import NIOCore

/// An incremental RESP2 parser: takes one complete value off the front of a buffer, or leaves
/// the buffer untouched when the value has not fully arrived yet.
public struct RESPParser: Sendable {
    /// The largest bulk string accepted (Redis's own limit is 512 MiB).
    public var maxBulkLength: Int
    /// The most elements an array may declare.
    public var maxArrayLength: Int
    /// How deeply arrays may nest.
    public var maxDepth: Int
    /// The longest simple line (simple string, error, integer or length) accepted.
    public var maxLineLength: Int

    /// A parser with Redis's limits by default.
    public init(maxBulkLength: Int = 512 * 1024 * 1024, maxArrayLength: Int = 16 * 1024 * 1024, maxDepth: Int = 64, maxLineLength: Int = 64 * 1024) {
        self.maxBulkLength = maxBulkLength
        self.maxArrayLength = maxArrayLength
        self.maxDepth = maxDepth
        self.maxLineLength = maxLineLength
    }

    /// Takes one value off the front of `buffer`; `nil` (and `buffer` unchanged) when more bytes are needed.
    public func parse(_ buffer: inout ByteBuffer) throws(RESPDecodingError) -> RESPValue? {
        let view = buffer.readableBytesView
        var index = view.startIndex
        guard let value = try parseValue(view, &index, depth: 0) else { return nil }
        buffer.moveReaderIndex(forwardBy: index - view.startIndex)
        return value
    }

    private func parseValue(_ view: ByteBufferView, _ index: inout Int, depth: Int) throws(RESPDecodingError) -> RESPValue? {
        let start = view.startIndex
        guard index < view.endIndex else { return nil }
        let type = view[index]
        var cursor = index + 1
        guard let line = try readLine(view, &cursor) else { return nil }
        switch type {
        case UInt8(ascii: "+"):
            index = cursor
            return .simpleString(String(decoding: line, as: UTF8.self))
        case UInt8(ascii: "-"):
            index = cursor
            return .error(String(decoding: line, as: UTF8.self))
        case UInt8(ascii: ":"):
            guard let value = Self.integer(line) else {
                throw RESPDecodingError(reason: "an integer reply is not a 64-bit decimal integer", offset: index - start)
            }
            index = cursor
            return .integer(value)
        case UInt8(ascii: "$"):
            guard let length = Self.integer(line), length >= -1 else {
                throw RESPDecodingError(reason: "a bulk string length is not an integer of -1 or more", offset: index - start)
            }
            if length == -1 {
                index = cursor
                return .null
            }
            guard length <= maxBulkLength else {
                throw RESPDecodingError(reason: "a bulk string of \(length) bytes exceeds the limit of \(maxBulkLength)", offset: index - start)
            }
            let count = Int(length)
            guard view.endIndex - cursor >= count + 2 else { return nil }
            let bytes = Array(view[cursor..<(cursor + count)])
            guard view[cursor + count] == UInt8(ascii: "\r"), view[cursor + count + 1] == UInt8(ascii: "\n") else {
                throw RESPDecodingError(reason: "a bulk string is not followed by CRLF", offset: cursor + count - start)
            }
            index = cursor + count + 2
            return .bulkString(bytes)
        case UInt8(ascii: "*"):
            guard let length = Self.integer(line), length >= -1 else {
                throw RESPDecodingError(reason: "an array length is not an integer of -1 or more", offset: index - start)
            }
            if length == -1 {
                index = cursor
                return .null
            }
            guard length <= maxArrayLength else {
                throw RESPDecodingError(reason: "an array of \(length) elements exceeds the limit of \(maxArrayLength)", offset: index - start)
            }
            guard depth < maxDepth else {
                throw RESPDecodingError(reason: "arrays nest deeper than \(maxDepth) levels", offset: index - start)
            }
            var elements: [RESPValue] = []
            elements.reserveCapacity(min(Int(length), 1024))
            for _ in 0..<Int(length) {
                guard let element = try parseValue(view, &cursor, depth: depth + 1) else { return nil }
                elements.append(element)
            }
            index = cursor
            return .array(elements)
        default:
            throw RESPDecodingError(reason: "unknown type byte 0x\(String(type, radix: 16))", offset: index - start)
        }
    }

    /// The bytes up to the next CRLF (advancing past it), or `nil` when it has not arrived.
    private func readLine(_ view: ByteBufferView, _ cursor: inout Int) throws(RESPDecodingError) -> ByteBufferView.SubSequence? {
        var scan = cursor
        while scan < view.endIndex {
            let byte = view[scan]
            if byte == UInt8(ascii: "\r") {
                guard scan + 1 < view.endIndex else { return nil }
                guard view[scan + 1] == UInt8(ascii: "\n") else {
                    throw RESPDecodingError(reason: "CR is not followed by LF", offset: scan - view.startIndex)
                }
                let line = view[cursor..<scan]
                cursor = scan + 2
                return line
            }
            if byte == UInt8(ascii: "\n") {
                throw RESPDecodingError(reason: "LF without CR", offset: scan - view.startIndex)
            }
            if scan - cursor >= maxLineLength {
                throw RESPDecodingError(reason: "a line is longer than \(maxLineLength) bytes", offset: scan - view.startIndex)
            }
            scan += 1
        }
        return nil
    }

    private static func integer(_ line: ByteBufferView.SubSequence) -> Int64? {
        guard !line.isEmpty, line.count <= 20 else { return nil }
        return Int64(String(decoding: line, as: UTF8.self))
    }
}
