/// The text of a token: as written (for messages) or normalised (for matching).
enum SQLTokenText {
    /// The name a token spells: delimiters and prefixes removed, doubled delimiters collapsed.
    static func display(_ token: SQLToken, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        text(token, in: bytes, lowercase: false)
    }

    /// ``display(_:in:)`` in ASCII lower case, for case-insensitive matching.
    static func normalized(_ token: SQLToken, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        text(token, in: bytes, lowercase: true)
    }

    private static func text(_ token: SQLToken, in bytes: UnsafeBufferPointer<UInt8>, lowercase: Bool) -> String {
        var start = token.start
        var end = token.end
        var close: UInt8 = 0
        if token.kind == .quotedIdentifier || token.kind == .string {
            while start < end, !isOpeningDelimiter(bytes[start]) { start += 1 }  // N'…', U&"…"
            if start < end {
                let open = bytes[start]
                close = open == 0x5b ? 0x5d : open
                start += 1
                if end > start, bytes[end - 1] == close { end -= 1 }
            }
        } else if !lowercase {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        } else if close == 0 {
            return SQLBytes.lowercasedString(bytes, start, end)
        }
        var result: [UInt8] = []
        result.reserveCapacity(end - start)
        var index = start
        while index < end {
            let byte = bytes[index]
            result.append(lowercase ? SQLBytes.lowercase(byte) : byte)
            index += (byte == close && index + 1 < end && bytes[index + 1] == close) ? 2 : 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func isOpeningDelimiter(_ byte: UInt8) -> Bool {
        byte == 0x22 || byte == 0x27 || byte == 0x60 || byte == 0x5b
    }
}
