/// Byte-level helpers shared by the lexer and the analyzer (ASCII only; other bytes pass through).
enum SQLBytes {
    /// FNV-1a 64-bit offset basis.
    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325

    /// One FNV-1a step over an already lowercased byte.
    @inline(__always)
    static func fnvStep(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// ASCII lower case.
    @inline(__always)
    static func lowercase(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// ASCII letter, `_`, or any byte of a multi-byte UTF-8 sequence.
    @inline(__always)
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26 || byte == 0x5f || byte >= 0x80
    }

    /// Identifier start or an ASCII digit or `$`.
    @inline(__always)
    static func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte) || byte == 0x24
    }

    /// ASCII digit.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// ASCII hexadecimal digit.
    @inline(__always)
    static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20) &- 0x61 < 6 }

    /// Space, tab, line feed, vertical tab, form feed or carriage return.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0d) }

    /// Lowercases the text between two offsets into a `String` (quotes not removed).
    static func lowercasedString(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(unsafeUninitializedCapacity: end - start) { buffer in
            var out = 0
            for index in start..<end {
                buffer[out] = lowercase(bytes[index])
                out += 1
            }
            return out
        }
    }
}
