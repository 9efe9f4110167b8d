/// Why ``SQLGuard`` rejected a statement.
public enum SQLGuardReason: Sendable, Hashable {
    /// The text holds no statement at all (only whitespace, comments or `;`).
    case empty
    /// More than one statement: another one starts at the reported position.
    case multipleStatements
    /// The statement, or a clause inside it, is not a read; `kind` is the keyword found (for example `DELETE`, `PRAGMA`, `EXPLAIN`).
    case notARead(kind: String)
    /// A common table expression whose body writes (`WITH d AS (DELETE … RETURNING *) …`); `kind` is the writing keyword.
    case writableCTE(kind: String)
    /// `SELECT … INTO` (a table, OUTFILE, DUMPFILE or variables), which writes.
    case selectInto
    /// A locking read such as `FOR UPDATE`, `LOCK IN SHARE MODE` or a T-SQL hint like `TABLOCKX`; `clause` names it.
    case lockingRead(clause: String)
    /// A call to a function that touches files, the network, programs, sleeps, locks, settings or sequences.
    case deniedFunction(name: String)
    /// A system catalog that holds credentials or server internals.
    case deniedCatalog(name: String)
    /// A table outside the allowed set given to ``SQLGuard/check(_:allowedTables:)``.
    case tableNotAllowed(name: String)
    /// A string, quoted identifier or comment that never ends; `what` names it.
    case unterminated(what: String)
    /// A character the dialect's lexer cannot classify safely (for example `\`, `{`, a control character or a Unicode space).
    case unexpectedCharacter(String)
    /// Parentheses that do not balance.
    case unbalancedParentheses
    /// Syntax the guard refuses because its effect is ambiguous or stateful (for example MySQL `:=`, T-SQL `GO`).
    case unsupportedSyntax(description: String)
}
