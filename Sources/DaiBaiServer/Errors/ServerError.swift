import HTTPTypes
import Hummingbird

/// An error the server answers with: a status, a stable machine-readable code and a message
/// that is safe to show (never a secret, never a stack trace).
public struct ServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable code, for example `not_found` or `rate_limited`.
    public var code: String
    /// What failed and what to do.
    public var message: String
    /// Extra response headers (for example `Retry-After`).
    public var headers: HTTPFields

    /// Creates an error.
    public init(status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }

    /// A 404 that does not reveal whether the resource exists for another tenant.
    static func notFound(_ message: String) -> ServerError { .init(status: .notFound, code: "not_found", message: message) }
    /// A 400 for a request that cannot be read.
    static func badRequest(_ message: String) -> ServerError { .init(status: .badRequest, code: "bad_request", message: message) }
    /// A 501 for a feature that needs configuration.
    static func notConfigured(_ message: String) -> ServerError { .init(status: .notImplemented, code: "not_configured", message: message) }
}
