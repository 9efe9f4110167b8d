/// A rejection found by the lexer or the analyzer, before its line and column are computed.
struct SQLGuardFinding: Error, Sendable, Equatable {
    /// Why.
    var reason: SQLGuardReason
    /// UTF-8 byte offset.
    var offset: Int
}
