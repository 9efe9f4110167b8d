/// A rejected statement: the reason, where it was found, and a sentence for a language model.
public struct SQLGuardRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the statement was rejected.
    public var reason: SQLGuardReason
    /// UTF-8 byte offset of the offending text in the checked SQL.
    public var offset: Int
    /// 1-based line of the offending text.
    public var line: Int
    /// 1-based column (in Unicode scalars) of the offending text.
    public var column: Int

    /// Creates a rejection.
    public init(reason: SQLGuardReason, offset: Int, line: Int, column: Int) {
        self.reason = reason
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// A stable short code for the reason, for logs and metrics (for example `not_a_read`).
    public var code: String {
        switch reason {
        case .empty: "empty"
        case .multipleStatements: "multiple_statements"
        case .notARead: "not_a_read"
        case .writableCTE: "writable_cte"
        case .selectInto: "select_into"
        case .lockingRead: "locking_read"
        case .deniedFunction: "denied_function"
        case .deniedCatalog: "denied_catalog"
        case .tableNotAllowed: "table_not_allowed"
        case .unterminated: "unterminated"
        case .unexpectedCharacter: "unexpected_character"
        case .unbalancedParentheses: "unbalanced_parentheses"
        case .unsupportedSyntax: "unsupported_syntax"
        }
    }

    /// One sentence saying what was wrong and where, suitable to feed back to a language model.
    public var message: String {
        let at = "at line \(line), column \(column)"
        switch reason {
        case .empty:
            return "The SQL is empty; write a single read-only SELECT statement."
        case .multipleStatements:
            return "Only a single statement is allowed; another statement starts \(at)."
        case .notARead(let kind) where kind == "EXPLAIN" || kind == "DESCRIBE" || kind == "DESC":
            return "Only a single read-only SELECT is allowed; found \(kind) \(at), which is refused because EXPLAIN ANALYZE runs the statement it explains."
        case .notARead(let kind):
            return "Only a single read-only SELECT is allowed; found \(kind) \(at)."
        case .writableCTE(let kind):
            return "Common table expressions must be reads; found \(kind) inside a WITH clause \(at)."
        case .selectInto:
            return "SELECT … INTO writes data and is not allowed; found INTO \(at)."
        case .lockingRead(let clause):
            return "Locking reads are not allowed; found \(clause) \(at)."
        case .deniedFunction(let name):
            return "The function \(name) is not allowed (it can touch files, the network, programs, locks, settings or sequences); found \(at)."
        case .deniedCatalog(let name):
            return "The system catalog \(name) is not allowed (it holds credentials or server internals); found \(at)."
        case .tableNotAllowed(let name):
            return "The table \(name) is not among the tables this question may use; found \(at)."
        case .unterminated(let what):
            return "The \(what) starting \(at) is never closed."
        case .unexpectedCharacter(let character):
            return "Unexpected character \(character) \(at); remove it."
        case .unbalancedParentheses:
            return "Parentheses do not balance \(at)."
        case .unsupportedSyntax(let description):
            return "Unsupported syntax: \(description) \(at)."
        }
    }

    /// The message.
    public var description: String { message }
}
