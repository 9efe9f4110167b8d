/// Walks the tokens of one statement and decides whether it is a single read.
///
/// It is not a full parser. It tracks one frame per parenthesis level, which is enough to know
/// where a query starts, which names follow `FROM`/`JOIN`/`,` (tables), which names a `WITH`
/// defines (not tables), and which body belongs to a common table expression. Everything else
/// is decided per token by the allow-list and deny-list rules, so an unexpected shape falls on
/// the side of rejection. The frame stack is an array, not recursion, and every token is
/// visited a bounded number of times, so work is linear and deep nesting cannot overflow.
struct SQLStatementAnalyzer {
    /// Where the analyzer is inside a FROM clause.
    enum FromState: Sendable { case none, expectItem, afterItem }
    /// Where the analyzer is inside a WITH list.
    enum WithState: Sendable { case none, expectName, afterName, expectBody, inBody, afterBody }

    /// The state of one parenthesis level.
    struct Frame: Sendable {
        var openedAt: Int
        var sawToken = false
        var isQuery = false
        var isCTEBody = false
        var from = FromState.none
        var with = WithState.none
        var withRecursive = false
        /// The CTE being defined, registered once its body closes (or at once under `RECURSIVE`).
        var pendingCTE: String?
        var cteCount = 0
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let tokens: [SQLToken]
    let range: Range<Int>
    let dialect: SQLDialect
    let scope: SQLTableScope?
    /// Loop iterations spent (for the linear-work tests).
    private(set) var steps = 0
    /// Tables referenced, as written without quotes, in order of first appearance.
    private(set) var tables: [String] = []
    private var tableKeys: Set<String> = []
    private var frames: [Frame]
    private var cteNames: [String: Int] = [:]
    private var cteStack: [String] = []

    init(bytes: UnsafeBufferPointer<UInt8>, tokens: [SQLToken], range: Range<Int>, dialect: SQLDialect, scope: SQLTableScope?) {
        self.bytes = bytes
        self.tokens = tokens
        self.range = range
        self.dialect = dialect
        self.scope = scope
        frames = [Frame(openedAt: tokens[range.lowerBound].start)]
    }

    /// Analyzes the statement, throwing the first finding.
    mutating func run() throws(SQLGuardFinding) {
        try checkStart()
        var index = range.lowerBound
        while index < range.upperBound {
            steps += 1
            index = try step(index) + 1
        }
        if frames.count > 1, let open = frames.last {
            throw SQLGuardFinding(reason: .unbalancedParentheses, offset: open.openedAt)
        }
    }

    // MARK: - Token access

    @inline(__always)
    func keywordAt(_ index: Int) -> SQLKeyword? {
        guard index >= range.lowerBound, index < range.upperBound else { return nil }
        return tokens[index].keyword
    }

    @inline(__always)
    func kind(at index: Int) -> SQLTokenKind? {
        guard index >= range.lowerBound, index < range.upperBound else { return nil }
        return tokens[index].kind
    }

    /// A token that can name a table: a word, a quoted identifier, or (SQLite, and MySQL with
    /// `ANSI_QUOTES` off) a string, which those engines accept in a name position.
    func isName(at index: Int) -> Bool {
        switch kind(at: index) {
        case .word?, .quotedIdentifier?: return true
        case .string?: return dialect == .sqlite || dialect == .mysql
        default: return false
        }
    }

    private var top: Int { frames.count - 1 }

    private var inNamePosition: Bool {
        frames[top].with == .expectName || frames[top].from == .expectItem
    }

    // MARK: - Rules

    private func checkStart() throws(SQLGuardFinding) {
        let first = tokens[range.lowerBound]
        switch first.kind {
        case .openParen:
            return
        case .word:
            switch first.keyword {
            case .select?, .with?, .values?: return
            case .table? where dialect == .postgresql || dialect == .mysql: return
            default: break
            }
        default:
            break
        }
        throw SQLGuardFinding(reason: .notARead(kind: kindName(of: first)), offset: first.start)
    }

    private func kindName(of token: SQLToken) -> String {
        let text = token.kind == .word
            ? SQLTokenText.display(token, in: bytes)
            : String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
        let short = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return token.kind == .word ? short.uppercased() : short
    }

    private mutating func step(_ index: Int) throws(SQLGuardFinding) -> Int {
        let token = tokens[index]
        let first = !frames[top].sawToken
        frames[top].sawToken = true
        switch token.kind {
        case .openParen:
            openFrame(at: token.start)
        case .closeParen:
            try closeFrame(at: token.start)
        case .comma:
            if frames[top].from != .none { frames[top].from = .expectItem }
            if frames[top].with == .afterBody { frames[top].with = .expectName }
        case .word:
            return try word(index, first: first)
        case .quotedIdentifier:
            if kind(at: index + 1) == .openParen { try checkFunction(index) }
            if inNamePosition { return try name(index) }
        case .string:
            if frames[top].from == .expectItem {
                if isName(at: index) { return try name(index) }
                frames[top].from = .afterItem
            }
        case .parameter, .number:
            if frames[top].from == .expectItem { frames[top].from = .afterItem }
        case .dot, .semicolon, .symbol:
            break
        }
        return index
    }

    private mutating func word(_ index: Int, first: Bool) throws(SQLGuardFinding) -> Int {
        let token = tokens[index]
        guard let keyword = token.keyword, !(inNamePosition && keyword.canBeName(in: dialect)) else {
            if kind(at: index + 1) == .openParen { try checkFunction(index) }
            return inNamePosition ? try name(index) : index
        }
        switch keyword {
        case .select:
            guard first || followsSetOperator(index) || frames[top].with != .none else {
                throw SQLGuardFinding(reason: .multipleStatements, offset: token.start)
            }
            frames[top].with = .none
            frames[top].isQuery = true
            frames[top].from = .none
        case .with:
            if first {
                frames[top].with = .expectName
                frames[top].from = .none
            }
        case .values:
            if first { frames[top].from = .none }
        case .table:
            if first || followsSetOperator(index), dialect == .postgresql || dialect == .mysql, isName(at: index + 1) {
                frames[top].isQuery = true
                frames[top].with = .none
                return try name(index + 1, forceTable: true)
            }
        case .recursive:
            if frames[top].with == .expectName { frames[top].withRecursive = true }
        case .as:
            if frames[top].with == .afterName { frames[top].with = .expectBody }
        case .from:
            if frames[top].isQuery, keywordAt(index - 1) != .distinct { frames[top].from = .expectItem }
        case .join, .straightJoin, .apply:
            if frames[top].from != .none { frames[top].from = .expectItem }
        case .in:
            // SQLite accepts `x IN table` and `x IN table_function(…)`.
            if dialect == .sqlite, isName(at: index + 1) { return try name(index + 1, forceTable: true) }
        case .for:
            try checkLockingClause(index)
            if keywordAt(index + 1) != .systemTime { frames[top].from = .none }
        case .lock:
            if keywordAt(index + 1) == .in {
                throw SQLGuardFinding(reason: .lockingRead(clause: "LOCK IN SHARE MODE"), offset: token.start)
            }
            if dialect == .mysql { throw SQLGuardFinding(reason: .notARead(kind: "LOCK"), offset: token.start) }
            frames[top].from = .none
        case .update, .delete, .merge, .upsert:
            throw write(keyword, at: token, first: first)
        case .insert, .replace, .truncate:
            // INSERT(), REPLACE() and TRUNCATE() are string and number functions; no statement has `(` after the verb.
            if kind(at: index + 1) != .openParen { throw write(keyword, at: token, first: first) }
        case .create, .alter, .drop, .grant, .revoke:
            throw SQLGuardFinding(reason: .notARead(kind: keyword.uppercased), offset: token.start)
        case .into:
            throw SQLGuardFinding(reason: .selectInto, offset: token.start)
        case .procedure:
            if dialect == .mysql { throw SQLGuardFinding(reason: .notARead(kind: "PROCEDURE"), offset: token.start) }
        case .next:
            if keywordAt(index + 1) == .value, keywordAt(index + 2) == .for {
                throw SQLGuardFinding(reason: .deniedFunction(name: "NEXT VALUE FOR"), offset: token.start)
            }
        case .fetch:
            let what = keywordAt(index + 1)
            let limitForm = (what == .first || what == .next) && keywordAt(index + 2) != .from && keywordAt(index + 2) != .in
            if !limitForm, dialect == .sqlserver { throw SQLGuardFinding(reason: .notARead(kind: "FETCH"), offset: token.start) }
            frames[top].from = .none
        case .enable, .disable:
            if dialect == .sqlserver, keywordAt(index + 1) == .trigger {
                throw SQLGuardFinding(reason: .notARead(kind: keyword.uppercased), offset: token.start)
            }
        case .conversation:
            // Service Broker: END / MOVE / GET CONVERSATION change or lock conversations.
            if dialect == .sqlserver, let verb = keywordAt(index - 1), verb == .end || verb == .move || verb == .get {
                throw SQLGuardFinding(reason: .notARead(kind: verb.uppercased + " CONVERSATION"), offset: tokens[index - 1].start)
            }
        case .go:
            if dialect == .sqlserver, token.startsLine {
                throw SQLGuardFinding(reason: .unsupportedSyntax(description: "the GO batch separator (send a single statement)"), offset: token.start)
            }
        default:
            if dialect == .sqlserver {
                if keyword.isTSQLStatementWord {
                    throw SQLGuardFinding(reason: .notARead(kind: keyword.uppercased), offset: token.start)
                }
                if keyword.isLockingHint {
                    throw SQLGuardFinding(reason: .lockingRead(clause: "table hint " + keyword.uppercased), offset: token.start)
                }
            }
            if keyword.endsFromClause { frames[top].from = .none }
        }
        return index
    }

    private func followsSetOperator(_ index: Int) -> Bool {
        let previous = keywordAt(index - 1)
        if previous?.isSetOperator == true { return true }
        return (previous == .all || previous == .distinct) && keywordAt(index - 2)?.isSetOperator == true
    }

    private func write(_ keyword: SQLKeyword, at token: SQLToken, first: Bool) -> SQLGuardFinding {
        let kind = keyword.uppercased
        if first, frames[top].isCTEBody { return SQLGuardFinding(reason: .writableCTE(kind: kind), offset: token.start) }
        return SQLGuardFinding(reason: .notARead(kind: kind), offset: token.start)
    }

    private func checkLockingClause(_ index: Int) throws(SQLGuardFinding) {
        let a = keywordAt(index + 1), b = keywordAt(index + 2), c = keywordAt(index + 3)
        let clause: String?
        if a == .update {
            clause = "FOR UPDATE"
        } else if a == .share {
            clause = "FOR SHARE"
        } else if a == .no, b == .key, c == .update {
            clause = "FOR NO KEY UPDATE"
        } else if a == .key, b == .share {
            clause = "FOR KEY SHARE"
        } else {
            clause = nil
        }
        if let clause { throw SQLGuardFinding(reason: .lockingRead(clause: clause), offset: tokens[index].start) }
    }

    private func checkFunction(_ index: Int) throws(SQLGuardFinding) {
        let token = tokens[index]
        let name = SQLTokenText.normalized(token, in: bytes)
        if DialectDenyLists.functions.contains(name) {
            throw SQLGuardFinding(reason: .deniedFunction(name: SQLTokenText.display(token, in: bytes)), offset: token.start)
        }
    }

    // MARK: - Frames

    private mutating func openFrame(at offset: Int) {
        var child = Frame(openedAt: offset)
        if frames[top].with == .expectBody {
            child.isCTEBody = true
            frames[top].with = .inBody
        } else if frames[top].from == .expectItem {
            child.from = .expectItem  // a subquery or a parenthesised join
            frames[top].from = .afterItem
        }
        frames.append(child)
    }

    private mutating func closeFrame(at offset: Int) throws(SQLGuardFinding) {
        guard frames.count > 1, let closed = frames.popLast() else {
            throw SQLGuardFinding(reason: .unbalancedParentheses, offset: offset)
        }
        for _ in 0..<closed.cteCount {
            steps += 1
            if let name = cteStack.popLast() { cteNames[name, default: 1] -= 1 }
        }
        if closed.isCTEBody, frames[top].with == .inBody {
            frames[top].with = .afterBody
            if let name = frames[top].pendingCTE {
                frames[top].pendingCTE = nil
                registerCTE(name)
            }
        }
    }

    // MARK: - Names

    /// A name in a name position: a CTE being defined, or a table (possibly qualified, possibly
    /// a table-valued function). Returns the index of the last token consumed.
    private mutating func name(_ index: Int, forceTable: Bool = false) throws(SQLGuardFinding) -> Int {
        if !forceTable, frames[top].with == .expectName {
            // Without RECURSIVE, a CTE's own name inside its body means the table of that name
            // (PostgreSQL, MySQL), so the name only shadows tables once the body is closed.
            let name = SQLTokenText.normalized(tokens[index], in: bytes)
            if frames[top].withRecursive { registerCTE(name) } else { frames[top].pendingCTE = name }
            frames[top].with = .afterName
            return index
        }
        var parts = [index]
        var last = index
        while kind(at: last + 1) == .dot {
            steps += 1
            if isName(at: last + 2) {
                parts.append(last + 2)
                last += 2
            } else if dialect == .sqlserver, kind(at: last + 2) == .dot {
                parts.append(-1)  // `db..table`: the default schema
                last += 1
            } else {
                break
            }
        }
        if frames[top].from == .expectItem { frames[top].from = .afterItem }
        if kind(at: last + 1) == .openParen, !isParenthesisedTableHint(after: last + 1) {
            try checkFunction(last)
            return last
        }
        try recordTable(parts)
        return last
    }

    private mutating func registerCTE(_ name: String) {
        cteNames[name, default: 0] += 1
        cteStack.append(name)
        frames[top].cteCount += 1
    }

    /// `FROM t (NOLOCK)`: T-SQL's old table-hint form, which is a table, not a function call.
    private func isParenthesisedTableHint(after open: Int) -> Bool {
        guard dialect == .sqlserver, kind(at: open + 1) == .word else { return false }
        return DialectDenyLists.sqlServerTableHints.contains(SQLTokenText.normalized(tokens[open + 1], in: bytes))
    }

    private mutating func recordTable(_ parts: [Int]) throws(SQLGuardFinding) {
        var lower: [String] = []
        var display: [String] = []
        lower.reserveCapacity(parts.count)
        for part in parts {
            steps += 1
            lower.append(part < 0 ? "" : SQLTokenText.normalized(tokens[part], in: bytes))
            display.append(part < 0 ? "" : SQLTokenText.display(tokens[part], in: bytes))
        }
        let offset = tokens[parts[0]].start
        let shown = display.joined(separator: ".")
        guard let name = lower.last else { return }
        if DialectDenyLists.catalogNames.contains(name) {
            throw SQLGuardFinding(reason: .deniedCatalog(name: shown), offset: offset)
        }
        if lower.count >= 2 {
            let schema = lower[lower.count - 2]
            if DialectDenyLists.deniedSchemas(for: dialect).contains(schema)
                || DialectDenyLists.qualifiedCatalogs.contains(schema + "." + name) {
                throw SQLGuardFinding(reason: .deniedCatalog(name: shown), offset: offset)
            }
        }
        if lower.count == 1 {
            if cteNames[name, default: 0] > 0 { return }
            if name == "dual", tokens[parts[0]].kind == .word { return }
        }
        if tableKeys.insert(lower.joined(separator: ".")).inserted { tables.append(shown) }
        if let scope, !scope.contains(lower) {
            throw SQLGuardFinding(reason: .tableNotAllowed(name: shown), offset: offset)
        }
    }
}
