/// Decides whether SQL written by a language model is a single read-only statement.
///
/// The guard lexes the text with the dialect's own rules (see ``SQLDialect``), splits it on
/// top-level `;`, and allows exactly one `SELECT`, `WITH … SELECT`, `VALUES` or parenthesised /
/// compound query. It refuses writes, DDL, `SELECT … INTO`, locking reads, `EXPLAIN`, session
/// and server commands, writable CTEs, a per-dialect list of dangerous functions, system
/// catalogs that hold credentials and, when a table scope is given, tables outside it. When a
/// server setting could change where a literal ends (MySQL `NO_BACKSLASH_ESCAPES` or
/// `ANSI_QUOTES`, PostgreSQL `standard_conforming_strings`), the text must be safe under every
/// reading. It is a pure function of its input: no I/O, no shared state, linear time.
///
/// The guard is one layer: connectors also open databases read-only.
public struct SQLGuard: Sendable {
    /// The dialect whose lexical and syntactic rules apply.
    public let dialect: SQLDialect

    /// Creates a guard for `dialect`.
    public init(dialect: SQLDialect) {
        self.dialect = dialect
    }

    /// Checks `sql`; with `allowedTables` (case-insensitive, qualified or not), any other table is refused.
    public func check(_ sql: String, allowedTables: Set<String>? = nil) -> SQLGuardVerdict {
        evaluate(sql, allowedTables: allowedTables).verdict
    }

    /// ``check(_:allowedTables:)`` plus the number of lexer and analyzer steps it took.
    func evaluate(_ sql: String, allowedTables: Set<String>?) -> (verdict: SQLGuardVerdict, work: Int) {
        let scope = allowedTables.map { SQLTableScope(tables: $0, dialect: dialect) }
        var text = sql
        return text.withUTF8 { bytes in
            var work = bytes.count
            var backslash = false
            var doubleQuote = false
            for byte in bytes {
                if byte == 0x5c { backslash = true } else if byte == 0x22 { doubleQuote = true }
            }
            var allowed: SQLGuardedStatement?
            let variants = SQLLexingRules.variants(for: dialect, containsBackslash: backslash, containsDoubleQuote: doubleQuote)
            for (position, rules) in variants.enumerated() {
                do throws(SQLGuardFinding) {
                    let statement = try Self.analyze(bytes, rules: rules, alternative: position > 0, scope: scope, work: &work)
                    if allowed == nil { allowed = statement }
                } catch {
                    return (.rejected(Self.rejection(error, in: bytes)), work)
                }
            }
            if let allowed { return (.allowed(allowed), work) }
            return (.rejected(Self.rejection(SQLGuardFinding(reason: .empty, offset: 0), in: bytes)), work)
        }
    }

    /// Checks one reading of the text. An `alternative` reading (a non-default server setting)
    /// that leaves a literal unterminated before any `;` is one the server would refuse as a
    /// syntax error before running anything, so it is skipped (returns nil) rather than
    /// rejected; that keeps `'O\'Brien'` allowed in MySQL. With a `;` before the unterminated
    /// literal, MySQL could run the statements before it, so the finding stands.
    private static func analyze(_ bytes: UnsafeBufferPointer<UInt8>, rules: SQLLexingRules, alternative: Bool,
                                scope: SQLTableScope?, work: inout Int) throws(SQLGuardFinding) -> SQLGuardedStatement? {
        var lexer = SQLLexer(bytes: bytes, rules: rules)
        defer { work += lexer.steps }
        do throws(SQLGuardFinding) {
            try lexer.run()
        } catch {
            guard alternative, case .unterminated = error.reason else { throw error }
            if let semicolon = lexer.tokens.first(where: { $0.kind == .semicolon }) {
                throw SQLGuardFinding(reason: .multipleStatements, offset: semicolon.end)
            }
            return nil
        }
        let tokens = lexer.tokens
        let statement = try SQLStatementSplitter.single(in: tokens, textLength: bytes.count, steps: &work)
        var analyzer = SQLStatementAnalyzer(bytes: bytes, tokens: tokens, range: statement.tokens,
                                            dialect: rules.dialect, scope: scope)
        defer { work += analyzer.steps }
        try analyzer.run()
        var start = statement.textStart
        var end = statement.textEnd
        while start < end, SQLBytes.isWhitespace(bytes[start]) { start += 1 }
        while end > start, SQLBytes.isWhitespace(bytes[end - 1]) { end -= 1 }
        let sql = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return SQLGuardedStatement(sql: sql, tables: analyzer.tables)
    }

    /// Adds the 1-based line and column (in Unicode scalars) of the finding's offset.
    private static func rejection(_ finding: SQLGuardFinding, in bytes: UnsafeBufferPointer<UInt8>) -> SQLGuardRejection {
        let offset = min(max(finding.offset, 0), bytes.count)
        var line = 1
        var column = 1
        for index in 0..<offset {
            let byte = bytes[index]
            if byte == 0x0a {
                line += 1
                column = 1
            } else if byte & 0xc0 != 0x80 {
                column += 1
            }
        }
        return SQLGuardRejection(reason: finding.reason, offset: offset, line: line, column: column)
    }
}
