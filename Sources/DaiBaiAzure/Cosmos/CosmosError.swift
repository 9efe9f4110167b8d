import DaiBaiCore

/// What the Cosmos DB service said about a failed request.
public struct CosmosErrorDetail: Sendable, Hashable, CustomStringConvertible {
    /// The operation that failed, e.g. `read document 'x' in dbs/db/colls/c`.
    public var operation: String
    /// The HTTP status.
    public var status: Int
    /// The service's error code (`NotFound`, `Conflict`, …), when it sent one.
    public var code: String?
    /// The service's message, shortened; never contains the account key or a token.
    public var message: String

    /// Creates a detail.
    public init(operation: String, status: Int, code: String?, message: String) {
        self.operation = operation
        self.status = status
        self.code = code
        self.message = message
    }

    /// `<operation>: HTTP <status> <code>: <message>`.
    public var description: String {
        let codeText = code.map { " \($0)" } ?? ""
        let messageText = message.isEmpty ? "" : ": \(message)"
        return "\(operation): HTTP \(status)\(codeText)\(messageText)"
    }
}

/// Why a ``CosmosClient`` call failed.
public enum CosmosError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An argument or setting was rejected before anything was sent.
    case invalidArgument(String)
    /// 400: the service rejected the request (malformed query, bad partition key, …).
    case badRequest(CosmosErrorDetail)
    /// 401: the signature or token was refused.
    case unauthorized(CosmosErrorDetail)
    /// 403: the identity may not do this (RBAC, firewall, or a 403 substatus such as a full partition).
    case forbidden(CosmosErrorDetail)
    /// 404: the database, container or item does not exist (in this partition).
    case notFound(CosmosErrorDetail)
    /// 409: an item with that id already exists in the partition.
    case conflict(CosmosErrorDetail)
    /// 412: the item changed since it was read (the `If-Match` etag no longer matches).
    case preconditionFailed(CosmosErrorDetail)
    /// 413: the item is larger than the service accepts (2 MB).
    case tooLarge(CosmosErrorDetail)
    /// 429: still throttled after the retries the policy allows.
    case throttled(CosmosErrorDetail)
    /// Any other status (449, 5xx, …), after the retries the policy allows.
    case server(CosmosErrorDetail)
    /// No response arrived (connection failure or timeout).
    case transport(operation: String, message: String)
    /// A response arrived but its body was not what the API documents.
    case decoding(operation: String, message: String)
    /// A Microsoft Entra ID token could not be obtained.
    case credential(CredentialError)
    /// The task was cancelled.
    case cancelled

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .invalidArgument(let message):
            "Invalid Cosmos DB argument: \(message)"
        case .badRequest(let detail):
            "Cosmos DB rejected the request (\(detail)). Check the query, the partition key and the document."
        case .unauthorized(let detail):
            "Cosmos DB refused the credentials (\(detail)). Check the account key or the identity, and that the clock is correct."
        case .forbidden(let detail):
            "Cosmos DB forbids this (\(detail)). Check the identity's data-plane role assignment and the account's network rules."
        case .notFound(let detail):
            "Cosmos DB resource not found (\(detail)). Check the database, container and id, and that it is in this partition."
        case .conflict(let detail):
            "Cosmos DB item already exists (\(detail)). Use another id, or replace or upsert instead."
        case .preconditionFailed(let detail):
            "Cosmos DB item changed since it was read (\(detail)). Read it again and retry the change."
        case .tooLarge(let detail):
            "Cosmos DB item is too large (\(detail)). Items are limited to 2 MB; store less in one item."
        case .throttled(let detail):
            "Cosmos DB is still throttling after retries (\(detail)). Retry later or raise the provisioned throughput."
        case .server(let detail):
            "Cosmos DB failed (\(detail)). Retry later; if it persists, check the account's health."
        case .transport(let operation, let message):
            "Cosmos DB \(operation): no response (\(message)). Check the endpoint and the network."
        case .decoding(let operation, let message):
            "Cosmos DB \(operation): unexpected response (\(message))."
        case .credential(let error):
            "Cosmos DB could not get an access token: \(error)"
        case .cancelled:
            "The Cosmos DB request was cancelled."
        }
    }

    /// The service's details, for errors that carry a response.
    public var detail: CosmosErrorDetail? {
        switch self {
        case .badRequest(let d), .unauthorized(let d), .forbidden(let d), .notFound(let d), .conflict(let d),
            .preconditionFailed(let d), .tooLarge(let d), .throttled(let d), .server(let d):
            d
        case .invalidArgument, .transport, .decoding, .credential, .cancelled:
            nil
        }
    }
}
