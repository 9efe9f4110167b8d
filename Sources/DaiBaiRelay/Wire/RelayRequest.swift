import DaiBaiCore

/// The DaiBai relay protocol, version 1: JSON text messages over one rendezvous WebSocket.
///
/// The cloud side sends one ``RelayRequest``; the agent answers with ``RelayResponse``
/// messages carrying the same `id` and closes the socket after the last one (`schema`,
/// `health`, `end` or `error`). A query's rows arrive in `rows` messages of at most
/// ``RelayProtocol/maxFrameBytes`` each.
enum RelayProtocol {
    /// The protocol version this build speaks.
    static let version = 1
    /// The soft cap on one `rows` message: rows are batched up to this many encoded bytes.
    static let maxFrameBytes = 64 * 1024
    /// The hard cap on one message (a schema, or a single oversized row).
    static let maxMessageBytes = 4 * 1024 * 1024
}

/// What the cloud side asks the agent.
struct RelayRequest: Codable, Sendable, Equatable {
    /// The operation.
    enum Operation: String, Codable, Sendable {
        /// Is the agent up, and which of the tenant's databases does it expose?
        case health
        /// The database's tables and columns.
        case describeSchema
        /// Run one read-only statement.
        case query
    }

    /// The protocol version (``RelayProtocol/version``).
    var v: Int
    /// Chosen by the sender; every response carries it.
    var id: String
    /// The tenant the request is made for; the agent refuses any tenant but its own.
    var tenant: String
    /// The database's name as the agent exposes it (empty for `health`).
    var database: String
    /// The operation.
    var op: Operation
    /// The statement, for `query`.
    var sql: String?
    /// The row cap, for `query`.
    var maxRows: Int?
    /// The timeout in milliseconds, for `query`.
    var timeoutMs: Int?
}

/// One message from the agent.
struct RelayResponse: Codable, Sendable, Equatable {
    /// What the message carries.
    enum Kind: String, Codable, Sendable {
        case health, schema, columns, rows, end, error
    }

    /// The protocol version.
    var v: Int = RelayProtocol.version
    /// The request's id.
    var id: String
    /// What the message carries.
    var kind: Kind
    /// For `health`.
    var health: RelayHealth?
    /// For `schema`.
    var schema: DatabaseSchema?
    /// For `columns`: the names.
    var columns: [String]?
    /// For `columns`: the declared types, where known.
    var columnTypes: [String?]?
    /// For `rows`.
    var rows: [[RelayValue]]?
    /// For `end`: whether the row cap cut the result.
    var truncated: Bool?
    /// For `end`: how many rows were sent.
    var rowCount: Int?
    /// For `error`.
    var error: RelayRemoteError?

    /// Whether no message follows this one.
    var isFinal: Bool {
        switch kind {
        case .columns, .rows: false
        case .health, .schema, .end, .error: true
        }
    }
}

/// What an agent reports about itself.
struct RelayHealth: Codable, Sendable, Equatable {
    /// The agent's version.
    var agentVersion: String
    /// The databases it exposes to the tenant, with their dialects.
    var databases: [String: SQLDialect]
}

/// An error the agent reports; `code` is stable, `message` is for people.
struct RelayRemoteError: Codable, Sendable, Equatable, Error {
    /// Stable error codes.
    enum Code: String, Codable, Sendable {
        case badRequest, unsupportedVersion, wrongTenant, unknownDatabase, rejected, queryFailed
        case timedOut, connectionFailed, misconfigured, tooLarge, busy, cancelled, internalError
    }

    /// The code.
    var code: Code
    /// What failed and what to do (never credentials).
    var message: String
}
