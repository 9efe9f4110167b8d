/// Splits a token stream on top-level `;` and finds the one statement it may contain.
///
/// Semicolons inside literals, quoted identifiers and comments never reach the token stream,
/// so every `;` token is a real statement boundary. Empty statements (only comments or
/// whitespace between semicolons, such as a trailing `;` or T-SQL's leading `;WITH`) are
/// ignored; a second non-empty statement is a finding.
enum SQLStatementSplitter {
    /// The single statement: its token range and the byte range of its text (without the `;`).
    struct Statement: Sendable, Equatable {
        /// Indices of its tokens.
        var tokens: Range<Int>
        /// Byte offset just after the previous `;` (or 0).
        var textStart: Int
        /// Byte offset of the terminating `;` (or the end of the text).
        var textEnd: Int
    }

    /// Finds the only non-empty statement, or throws `.empty` / `.multipleStatements`.
    static func single(in tokens: [SQLToken], textLength: Int, steps: inout Int) throws(SQLGuardFinding) -> Statement {
        var found: Statement?
        var segmentStart = 0
        var textStart = 0
        var index = 0
        while index <= tokens.count {
            steps += 1
            let atEnd = index == tokens.count
            if atEnd || tokens[index].kind == .semicolon {
                if index > segmentStart {
                    if found != nil {
                        throw SQLGuardFinding(reason: .multipleStatements, offset: tokens[segmentStart].start)
                    }
                    found = Statement(tokens: segmentStart..<index, textStart: textStart,
                                      textEnd: atEnd ? textLength : tokens[index].start)
                }
                if !atEnd { textStart = tokens[index].end }
                segmentStart = index + 1
            }
            index += 1
        }
        guard let found else { throw SQLGuardFinding(reason: .empty, offset: 0) }
        return found
    }
}
