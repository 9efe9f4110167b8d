/// How one dialect (under one server setting) splits text into tokens.
///
/// A server setting can change where a literal ends (MySQL `NO_BACKSLASH_ESCAPES` and
/// `ANSI_QUOTES`, PostgreSQL `standard_conforming_strings = off`). The guard does not know the
/// server's settings, so ``SQLLexingRules/variants(for:containsBackslash:containsDoubleQuote:)``
/// returns every reading that could differ for the given text, and the statement must be safe
/// under all of them.
struct SQLLexingRules: Sendable, Equatable {
    /// The dialect.
    var dialect: SQLDialect
    /// `"…"` is a string literal (MySQL default) rather than a quoted identifier.
    var doubleQuoteIsString: Bool
    /// `\` escapes the next character inside ordinary `'…'` (and MySQL `"…"`) strings.
    var backslashEscapes: Bool
    /// `` `…` `` quotes identifiers (MySQL, SQLite).
    var backtickIdentifiers: Bool
    /// `[…]` quotes identifiers (SQL Server, SQLite).
    var bracketIdentifiers: Bool
    /// `]]` inside `[…]` stands for one `]` (SQL Server).
    var bracketDoubling: Bool
    /// `/* … */` comments nest (PostgreSQL, SQL Server).
    var nestedComments: Bool
    /// `--` starts a comment only when followed by whitespace or a control character (MySQL).
    var dashCommentNeedsSpace: Bool
    /// `#` starts a comment to the end of the line (MySQL).
    var hashComments: Bool
    /// `/*! … */`, `/*!50000 … */` and MariaDB `/*M! … */` hold code that the server runs (MySQL).
    var executableComments: Bool
    /// `$$…$$` and `$tag$…$tag$` are strings, and `E'…'` / `U&'…'` prefixes exist (PostgreSQL).
    var postgresLiterals: Bool
    /// `[` and `]` are array subscripts (PostgreSQL).
    var bracketsAreOperators: Bool
    /// `@`, `#` and `$` may continue an identifier (SQL Server).
    var sqlServerIdentifierCharacters: Bool
    /// `:name`, `@name`, `$name`, `#name` and `?NNN` are parameters (SQLite).
    var sqliteParameters: Bool

    /// The dialect's default reading.
    static func standard(for dialect: SQLDialect) -> SQLLexingRules {
        var rules = SQLLexingRules(
            dialect: dialect, doubleQuoteIsString: false, backslashEscapes: false, backtickIdentifiers: false,
            bracketIdentifiers: false, bracketDoubling: false, nestedComments: false, dashCommentNeedsSpace: false,
            hashComments: false, executableComments: false, postgresLiterals: false, bracketsAreOperators: false,
            sqlServerIdentifierCharacters: false, sqliteParameters: false
        )
        switch dialect {
        case .sqlite:
            rules.backtickIdentifiers = true
            rules.bracketIdentifiers = true
            rules.sqliteParameters = true
        case .postgresql:
            rules.nestedComments = true
            rules.postgresLiterals = true
            rules.bracketsAreOperators = true
        case .mysql:
            rules.doubleQuoteIsString = true
            rules.backslashEscapes = true
            rules.backtickIdentifiers = true
            rules.dashCommentNeedsSpace = true
            rules.hashComments = true
            rules.executableComments = true
        case .sqlserver:
            rules.bracketIdentifiers = true
            rules.bracketDoubling = true
            rules.nestedComments = true
            rules.sqlServerIdentifierCharacters = true
        }
        return rules
    }

    /// Every reading of the text that a server setting could produce; the first is the default.
    ///
    /// - MySQL: backslash escapes on or off (`NO_BACKSLASH_ESCAPES`), `"…"` as string or
    ///   identifier (`ANSI_QUOTES`); only the combinations the text can tell apart are returned.
    /// - PostgreSQL: backslash escapes in ordinary strings off (default) or on
    ///   (`standard_conforming_strings = off`).
    static func variants(for dialect: SQLDialect, containsBackslash: Bool, containsDoubleQuote: Bool) -> [SQLLexingRules] {
        let base = standard(for: dialect)
        switch dialect {
        case .mysql:
            var result = [base]
            if containsBackslash {
                var noEscapes = base
                noEscapes.backslashEscapes = false
                result.append(noEscapes)
            }
            if containsDoubleQuote {
                for rules in result {
                    var ansi = rules
                    ansi.doubleQuoteIsString = false
                    result.append(ansi)
                }
            }
            return result
        case .postgresql:
            guard containsBackslash else { return [base] }
            var escapes = base
            escapes.backslashEscapes = true
            return [base, escapes]
        case .sqlite, .sqlserver:
            return [base]
        }
    }
}
