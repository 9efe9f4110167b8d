/// Why a Redis call failed. No case ever carries a password or a command's values.
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Redis URL cannot be used; the reason says why (the URL itself is not repeated, as it may hold a password).
    case invalidURL(String)
    /// `rediss://` (TLS) was asked for; this client does not support TLS yet.
    case tlsNotSupported
    /// A setting other than the URL cannot be used.
    case invalidConfiguration(String)
    /// The TCP connection to `address` could not be made.
    case connectionFailed(address: String, reason: String)
    /// Redis refused `AUTH` (or `SELECT`); the message is Redis's.
    case authenticationFailed(String)
    /// `operation` got no answer within `after`; the connection was closed.
    case timeout(operation: String, after: Duration)
    /// Redis answered with an error reply; the message is Redis's text.
    case server(String)
    /// The server sent bytes that are not valid RESP2; the connection was closed.
    case protocolError(String)
    /// A reply had another shape than the command returns.
    case unexpectedReply(command: String, reply: String)
    /// The connection closed before the reply arrived.
    case connectionClosed
    /// The client was shut down.
    case poolClosed
    /// The calling task was cancelled.
    case cancelled

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .invalidURL(let reason): "Invalid Redis URL: \(reason). Use redis://[[user]:password@]host[:port][/db]."
        case .tlsNotSupported: "rediss:// (TLS) is not supported yet by DaiBaiRedis. Use redis:// on a private network, or a TLS tunnel."
        case .invalidConfiguration(let reason): "Invalid Redis configuration: \(reason)"
        case .connectionFailed(let address, let reason): "Could not connect to Redis at \(address): \(reason). Check the host, port and firewall."
        case .authenticationFailed(let message): "Redis refused the connection's authentication: \(message). Check the Redis user and password."
        case .timeout(let operation, let after): "Redis \(operation) got no answer within \(after); the connection was closed. Check that Redis is reachable and not overloaded."
        case .server(let message): "Redis replied with an error: \(message)"
        case .protocolError(let reason): "Redis sent an invalid reply (\(reason)); the connection was closed."
        case .unexpectedReply(let command, let reply): "Redis answered \(command) with an unexpected \(reply) reply."
        case .connectionClosed: "The Redis connection closed before the reply arrived."
        case .poolClosed: "The Redis client was shut down; create a new one."
        case .cancelled: "The Redis call was cancelled."
        }
    }
}
