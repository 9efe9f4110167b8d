/// Why a relay operation failed. Messages never contain a key or a token.
public enum RelayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A setting is missing or malformed; the message names it.
    case misconfigured(String)
    /// No token could be obtained.
    case authenticationFailed(String)
    /// The relay refused the WebSocket, or could not be reached.
    case connectionFailed(String)
    /// The other side broke the DaiBai relay protocol.
    case protocolViolation(String)
    /// The other side did not answer in time.
    case timedOut(String)
    /// The caller's task was cancelled.
    case cancelled

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .misconfigured(let message): "Relay misconfigured: \(message)"
        case .authenticationFailed(let message): "Relay authentication failed: \(message)"
        case .connectionFailed(let message): "Relay connection failed: \(message)"
        case .protocolViolation(let message): "Relay protocol violation: \(message)"
        case .timedOut(let message): "Relay timed out: \(message)"
        case .cancelled: "The relay operation was cancelled."
        }
    }
}
