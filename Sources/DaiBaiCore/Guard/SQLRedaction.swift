extension SQLGuard {
    /// `sql` with every string and number literal replaced by `?` and comments removed, for logs:
    /// the shape of a statement without the values in it.
    ///
    /// Text the dialect's lexer cannot read is not shown at all; only its length is.
    public func redactingLiterals(_ sql: String) -> String {
        var text = sql
        return text.withUTF8 { bytes -> String in
            var lexer = SQLLexer(bytes: bytes, rules: SQLLexingRules.standard(for: dialect))
            do throws(SQLGuardFinding) {
                try lexer.run()
            } catch {
                return "<SQL not shown: it could not be read (\(bytes.count) bytes)>"
            }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var previousEnd: Int?
            for token in lexer.tokens {
                if let previousEnd, token.start > previousEnd { result.append(0x20) }
                switch token.kind {
                case .string, .number:
                    result.append(UInt8(ascii: "?"))
                default:
                    result.append(contentsOf: bytes[token.start..<token.end])
                }
                previousEnd = token.end
            }
            return String(decoding: result, as: UTF8.self)
        }
    }
}
