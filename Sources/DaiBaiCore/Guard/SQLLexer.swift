/// A single-pass lexer over UTF-8 bytes that knows one dialect's literals, quoted identifiers
/// and comments (see ``SQLLexingRules``).
///
/// Comments are dropped, except MySQL executable comments (`/*! … */`), whose content is lexed
/// as code because MySQL runs it. Anything the lexer cannot classify safely is a finding
/// (fail closed). Work is linear: every loop step advances through the input, and ``steps``
/// counts those steps so tests can prove it.
struct SQLLexer {
    /// The text.
    let bytes: UnsafeBufferPointer<UInt8>
    /// How this dialect reads it.
    let rules: SQLLexingRules
    /// The tokens found so far.
    private(set) var tokens: [SQLToken] = []
    /// Loop iterations spent (for the linear-work tests).
    private(set) var steps = 0

    private var index = 0
    private var atLineStart = true
    private var executableCommentStart: Int?

    /// Creates a lexer over `bytes`.
    init(bytes: UnsafeBufferPointer<UInt8>, rules: SQLLexingRules) {
        self.bytes = bytes
        self.rules = rules
        tokens.reserveCapacity(bytes.count / 4 + 8)
    }

    /// Lexes the whole text, throwing the first finding.
    mutating func run() throws(SQLGuardFinding) {
        let count = bytes.count
        while index < count {
            steps += 1
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09, 0x0b, 0x0c, 0x0d:
                index += 1
            case 0x0a:
                atLineStart = true
                index += 1
            case 0x2d:  // -
                if isDashComment() { try skipLineComment() } else { emitSymbol() }
            case 0x23:  // #
                if rules.hashComments {
                    try skipLineComment()
                } else if rules.sqlServerIdentifierCharacters {
                    try lexWord()  // #temp and ##global temporary tables
                } else if rules.sqliteParameters {
                    try lexParameter(prefix: 1)
                } else {
                    emitSymbol()
                }
            case 0x2f:  // /
                if peek(1) == 0x2a { try blockComment() } else { emitSymbol() }
            case 0x2a:  // *
                if executableCommentStart != nil, peek(1) == 0x2f {
                    executableCommentStart = nil
                    index += 2
                } else {
                    emitSymbol()
                }
            case 0x27:  // '
                try lexDelimited(start: index, contentStart: index + 1, close: 0x27, escapes: rules.backslashEscapes,
                                 kind: .string, what: "string literal")
            case 0x22:  // "
                if rules.doubleQuoteIsString {
                    try lexDelimited(start: index, contentStart: index + 1, close: 0x22, escapes: rules.backslashEscapes,
                                     kind: .string, what: "string literal")
                } else {
                    try lexDelimited(start: index, contentStart: index + 1, close: 0x22, escapes: false,
                                     kind: .quotedIdentifier, what: "quoted identifier")
                }
            case 0x60:  // `
                guard rules.backtickIdentifiers else { throw unexpected("`") }
                try lexDelimited(start: index, contentStart: index + 1, close: 0x60, escapes: false,
                                 kind: .quotedIdentifier, what: "quoted identifier")
            case 0x5b:  // [
                if rules.bracketIdentifiers {
                    try lexBracketIdentifier()
                } else if rules.bracketsAreOperators {
                    emitSymbol()
                } else {
                    throw unexpected("[")
                }
            case 0x5d:  // ]
                guard rules.bracketsAreOperators else { throw unexpected("]") }
                emitSymbol()
            case 0x24:  // $
                try lexDollar()
            case 0x40:  // @
                if rules.dialect == .postgresql { emitSymbol() } else { try lexParameter(prefix: peek(1) == 0x40 ? 2 : 1) }
            case 0x3a:  // :
                if rules.dialect == .mysql, peek(1) == 0x3d {
                    throw SQLGuardFinding(reason: .unsupportedSyntax(description: "MySQL variable assignment (:=) changes session state"), offset: index)
                } else if rules.sqliteParameters, SQLBytes.isIdentifierStart(peek(1)) {
                    try lexParameter(prefix: 1)
                } else {
                    emitSymbol()
                }
            case 0x3f:  // ?
                if rules.dialect == .postgresql { emitSymbol() } else { try lexParameter(prefix: 1) }
            case 0x28:
                emit(.openParen, from: index, to: index + 1)
            case 0x29:
                emit(.closeParen, from: index, to: index + 1)
            case 0x2c:
                emit(.comma, from: index, to: index + 1)
            case 0x3b:
                emit(.semicolon, from: index, to: index + 1)
            case 0x2e:  // .
                if SQLBytes.isDigit(peek(1)), !previousTokenIsOperand() { lexNumber() } else { emit(.dot, from: index, to: index + 1) }
            case 0x30...0x39:
                lexNumber()
            case 0x21, 0x25, 0x26, 0x2b, 0x3c, 0x3d, 0x3e, 0x5e, 0x7c, 0x7e:
                emitSymbol()
            case 0x5c:
                throw unexpected("\\ (backslash outside a string)")
            case 0x7b, 0x7d:
                throw unexpected(byte == 0x7b ? "{ (ODBC escape sequences are not supported)" : "}")
            case 0x00...0x1f, 0x7f:
                throw unexpected(byte == 0 ? "NUL" : "control character 0x" + String(byte, radix: 16, uppercase: true))
            default:
                try lexWordOrPrefixedLiteral()
            }
        }
        if let start = executableCommentStart {
            throw SQLGuardFinding(reason: .unterminated(what: "MySQL executable comment"), offset: start)
        }
    }

    // MARK: - Emission

    @inline(__always)
    private func peek(_ distance: Int) -> UInt8 {
        index + distance < bytes.count ? bytes[index + distance] : 0
    }

    private func unexpected(_ what: String) -> SQLGuardFinding {
        SQLGuardFinding(reason: .unexpectedCharacter(what), offset: index)
    }

    @inline(__always)
    private mutating func emit(_ kind: SQLTokenKind, from start: Int, to end: Int, keyword: SQLKeyword? = nil, symbol: UInt8 = 0) {
        tokens.append(SQLToken(kind: kind, keyword: keyword, start: start, end: end, startsLine: atLineStart, symbol: symbol))
        atLineStart = false
        index = end
    }

    private mutating func emitSymbol() {
        emit(.symbol, from: index, to: index + 1, symbol: bytes[index])
    }

    private func previousTokenIsOperand() -> Bool {
        guard let last = tokens.last else { return false }
        return last.kind == .word || last.kind == .quotedIdentifier || last.kind == .closeParen || last.kind == .parameter
    }

    // MARK: - Comments

    private func isDashComment() -> Bool {
        guard peek(1) == 0x2d else { return false }
        guard rules.dashCommentNeedsSpace else { return true }
        let after = peek(2)  // 0 at the end of input counts as a control character, as in MySQL
        return after <= 0x20 || after == 0x7f
    }

    private mutating func skipLineComment() throws(SQLGuardFinding) {
        if executableCommentStart != nil {
            throw SQLGuardFinding(reason: .unsupportedSyntax(description: "a line comment inside a MySQL executable comment"), offset: index)
        }
        while index < bytes.count, bytes[index] != 0x0a {
            steps += 1
            if bytes[index] == 0 { throw unexpected("NUL") }
            index += 1
        }
    }

    private mutating func blockComment() throws(SQLGuardFinding) {
        let start = index
        if rules.executableComments {
            if executableCommentStart != nil {
                throw SQLGuardFinding(reason: .unsupportedSyntax(description: "a comment inside a MySQL executable comment"), offset: start)
            }
            let third = peek(2)
            let mariaDB = (third == 0x4d || third == 0x6d) && peek(3) == 0x21  // /*M!
            if third == 0x21 || mariaDB {
                index += mariaDB ? 4 : 3
                while index < bytes.count, SQLBytes.isDigit(bytes[index]) {
                    steps += 1
                    index += 1
                }
                executableCommentStart = start
                return
            }
        }
        var depth = 1
        var position = index + 2
        while position < bytes.count {
            steps += 1
            let byte = bytes[position]
            if byte == 0x2a, position + 1 < bytes.count, bytes[position + 1] == 0x2f {
                depth -= 1
                position += 2
                if depth == 0 {
                    index = position
                    return
                }
            } else if rules.nestedComments, byte == 0x2f, position + 1 < bytes.count, bytes[position + 1] == 0x2a {
                depth += 1
                position += 2
            } else {
                if byte == 0 { throw SQLGuardFinding(reason: .unexpectedCharacter("NUL"), offset: position) }
                if byte == 0x0a { atLineStart = true }
                position += 1
            }
        }
        throw SQLGuardFinding(reason: .unterminated(what: "block comment"), offset: start)
    }

    // MARK: - Literals and identifiers

    /// Lexes up to the closing delimiter, where a doubled delimiter stands for itself and, with
    /// `escapes`, a backslash escapes the next byte.
    private mutating func lexDelimited(start: Int, contentStart: Int, close: UInt8, escapes: Bool,
                                       kind: SQLTokenKind, what: String) throws(SQLGuardFinding) {
        var position = contentStart
        let count = bytes.count
        while position < count {
            steps += 1
            let byte = bytes[position]
            if byte == close {
                if position + 1 < count, bytes[position + 1] == close {
                    position += 2
                    continue
                }
                emit(kind, from: start, to: position + 1)
                return
            }
            if byte == 0x5c, escapes {
                position += 2
                continue
            }
            if byte == 0 { throw SQLGuardFinding(reason: .unexpectedCharacter("NUL"), offset: position) }
            position += 1
        }
        throw SQLGuardFinding(reason: .unterminated(what: what), offset: start)
    }

    private mutating func lexBracketIdentifier() throws(SQLGuardFinding) {
        let start = index
        var position = index + 1
        while position < bytes.count {
            steps += 1
            let byte = bytes[position]
            if byte == 0x5d {
                if rules.bracketDoubling, position + 1 < bytes.count, bytes[position + 1] == 0x5d {
                    position += 2
                    continue
                }
                emit(.quotedIdentifier, from: start, to: position + 1)
                return
            }
            if byte == 0 { throw SQLGuardFinding(reason: .unexpectedCharacter("NUL"), offset: position) }
            position += 1
        }
        throw SQLGuardFinding(reason: .unterminated(what: "bracketed identifier"), offset: start)
    }

    /// `$1` parameters and `$tag$…$tag$` strings in PostgreSQL; parameters in SQLite; an
    /// identifier character in MySQL; money and `$action` in SQL Server.
    private mutating func lexDollar() throws(SQLGuardFinding) {
        switch rules.dialect {
        case .mysql:
            try lexWord()
            return
        case .sqlite:
            try lexParameter(prefix: 1)
            return
        case .sqlserver:
            emitSymbol()
            return
        case .postgresql:
            break
        }
        let start = index
        if SQLBytes.isDigit(peek(1)) {
            try lexParameter(prefix: 1)
            return
        }
        var tagEnd = index + 1
        while tagEnd < bytes.count, SQLBytes.isIdentifierStart(bytes[tagEnd]) || SQLBytes.isDigit(bytes[tagEnd]) {
            steps += 1
            tagEnd += 1
        }
        guard tagEnd < bytes.count, bytes[tagEnd] == 0x24 else {
            emitSymbol()
            return
        }
        let tagLength = tagEnd - start + 1  // including both dollars
        var position = tagEnd + 1
        while position < bytes.count {
            steps += 1
            if bytes[position] == 0x24 {
                var matched = 1
                while matched < tagLength, position + matched < bytes.count, bytes[position + matched] == bytes[start + matched] {
                    steps += 1
                    matched += 1
                }
                if matched == tagLength {
                    emit(.string, from: start, to: position + tagLength)
                    return
                }
                position += matched  // the compared bytes hold no `$`, so skipping them is safe
                continue
            }
            if bytes[position] == 0 { throw SQLGuardFinding(reason: .unexpectedCharacter("NUL"), offset: position) }
            position += 1
        }
        throw SQLGuardFinding(reason: .unterminated(what: "dollar-quoted string"), offset: start)
    }

    /// A parameter or variable: `prefix` sigil bytes, then identifier characters or digits.
    private mutating func lexParameter(prefix: Int) throws(SQLGuardFinding) {
        let start = index
        var position = index + prefix
        while position < bytes.count {
            let byte = bytes[position]
            if SQLBytes.isIdentifierPart(byte) || (rules.sqlServerIdentifierCharacters && (byte == 0x40 || byte == 0x23)) {
                if byte >= 0x80 { try checkScalar(at: position) }
                steps += 1
                position += 1
            } else {
                break
            }
        }
        emit(.parameter, from: start, to: position)
    }

    private mutating func lexNumber() {
        let start = index
        var position = index
        let count = bytes.count
        if bytes[position] == 0x30, position + 2 < count, bytes[position + 1] | 0x20 == 0x78, SQLBytes.isHexDigit(bytes[position + 2]) {
            position += 2
            while position < count, SQLBytes.isHexDigit(bytes[position]) {
                steps += 1
                position += 1
            }
            emit(.number, from: start, to: position)
            return
        }
        while position < count, SQLBytes.isDigit(bytes[position]) {
            steps += 1
            position += 1
        }
        if position < count, bytes[position] == 0x2e {
            position += 1
            while position < count, SQLBytes.isDigit(bytes[position]) {
                steps += 1
                position += 1
            }
        }
        if position < count, bytes[position] | 0x20 == 0x65 {
            var exponent = position + 1
            if exponent < count, bytes[exponent] == 0x2b || bytes[exponent] == 0x2d { exponent += 1 }
            if exponent < count, SQLBytes.isDigit(bytes[exponent]) {
                position = exponent
                while position < count, SQLBytes.isDigit(bytes[position]) {
                    steps += 1
                    position += 1
                }
            }
        }
        emit(.number, from: start, to: position)
    }

    /// `E'…'`, `N'…'`, `X'…'`, `B'…'`, `U&'…'`, `U&"…"`, or else an identifier or keyword.
    private mutating func lexWordOrPrefixedLiteral() throws(SQLGuardFinding) {
        let lower = bytes[index] | 0x20
        let next = peek(1)
        if next == 0x27 {
            switch lower {
            case 0x65 where rules.postgresLiterals:  // E'…': backslash escapes always
                try lexDelimited(start: index, contentStart: index + 2, close: 0x27, escapes: true, kind: .string, what: "string literal")
                return
            case 0x6e:  // N'…'
                try lexDelimited(start: index, contentStart: index + 2, close: 0x27, escapes: rules.backslashEscapes, kind: .string, what: "string literal")
                return
            case 0x78, 0x62:  // X'…', B'…': no escapes
                try lexDelimited(start: index, contentStart: index + 2, close: 0x27, escapes: false, kind: .string, what: "string literal")
                return
            default:
                break
            }
        }
        if lower == 0x75, rules.postgresLiterals, next == 0x26 {
            let third = peek(2)
            if third == 0x27 {
                try lexDelimited(start: index, contentStart: index + 3, close: 0x27, escapes: false, kind: .string, what: "string literal")
                return
            }
            if third == 0x22 {
                try lexDelimited(start: index, contentStart: index + 3, close: 0x22, escapes: false, kind: .quotedIdentifier, what: "quoted identifier")
                return
            }
        }
        try lexWord()
    }

    private func checkScalar(at position: Int) throws(SQLGuardFinding) {
        let (scalar, _) = SuspiciousCharacters.scalar(in: bytes, at: position)
        if SuspiciousCharacters.isSuspicious(scalar) {
            throw SQLGuardFinding(reason: .unexpectedCharacter(SuspiciousCharacters.describe(scalar)), offset: position)
        }
    }

    /// An unquoted identifier or keyword; its lowercase FNV-1a hash finds the keyword.
    private mutating func lexWord() throws(SQLGuardFinding) {
        let start = index
        var position = index
        var hash = SQLBytes.fnvOffset
        let count = bytes.count
        let extra = rules.sqlServerIdentifierCharacters
        while position < count {
            let byte = bytes[position]
            guard SQLBytes.isIdentifierPart(byte) || (extra && (byte == 0x40 || byte == 0x23)) || position == start else { break }
            if byte >= 0x80, byte & 0xc0 == 0xc0 { try checkScalar(at: position) }
            steps += 1
            hash = SQLBytes.fnvStep(hash, SQLBytes.lowercase(byte))
            position += 1
        }
        let keyword = SQLKeyword.lookup(hash: hash, bytes: bytes, start: start, end: position)
        emit(.word, from: start, to: position, keyword: keyword)
    }
}
