/// The lexical class of one token produced by ``SQLLexer``.
enum SQLTokenKind: UInt8, Sendable {
    /// An unquoted identifier or keyword.
    case word
    /// A quoted identifier: `"…"`, `` `…` `` or `[…]` depending on the dialect.
    case quotedIdentifier
    /// A string literal of any form (`'…'`, `E'…'`, `N'…'`, `X'…'`, `$tag$…$tag$`, MySQL `"…"`).
    case string
    /// A numeric literal.
    case number
    /// A bind parameter or variable (`?`, `$1`, `:name`, `@name`, `@@name`).
    case parameter
    /// `(`
    case openParen
    /// `)`
    case closeParen
    /// `,`
    case comma
    /// `.`
    case dot
    /// `;`
    case semicolon
    /// Any other single operator or punctuation byte.
    case symbol
}

/// One token: its class, its byte range in the statement text and, for words, the keyword it spells.
///
/// Tokens never own text; they are byte ranges into the UTF-8 buffer being lexed, so lexing
/// allocates nothing per token.
struct SQLToken: Sendable, Equatable {
    /// The lexical class.
    var kind: SQLTokenKind
    /// The keyword an unquoted word spells, if it is one the guard cares about.
    var keyword: SQLKeyword?
    /// Offset of the first byte.
    var start: Int
    /// Offset one past the last byte.
    var end: Int
    /// Whether a line break separates this token from the previous one (used for T-SQL `GO`).
    var startsLine: Bool

    /// The single byte of a `symbol` token (0 for other kinds).
    var symbol: UInt8
}
