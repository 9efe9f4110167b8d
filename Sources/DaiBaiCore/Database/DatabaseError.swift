/// Why a ``DatabaseConnector`` call failed.
public enum DatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection could not be made; the message says to what (never with a password).
    case connectionFailed(String)
    /// The statement was refused before it reached the database (not read-only, not allowed).
    case rejected(String)
    /// The database reported an error for the statement; feed the message back to the model.
    case queryFailed(String)
    /// The query ran longer than its timeout and was cancelled.
    case timedOut(Duration)
    /// The call was cancelled.
    case cancelled
    /// The connector is misconfigured; the message names the setting.
    case misconfigured(String)

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .connectionFailed(let message): "Could not connect to the database: \(message)"
        case .rejected(let message): "Query rejected: \(message)"
        case .queryFailed(let message): "The database reported an error: \(message)"
        case .timedOut(let limit): "The query ran longer than \(limit) and was cancelled. Narrow it, or raise the timeout."
        case .cancelled: "The query was cancelled."
        case .misconfigured(let message): "Database connector misconfigured: \(message)"
        }
    }
}
