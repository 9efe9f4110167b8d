/// The JSON body of every error response: `{"error": {"code", "message", "requestId"}}`.
public struct ErrorBody: Sendable, Codable, Hashable {
    /// The error.
    public struct Detail: Sendable, Codable, Hashable {
        /// A stable code.
        public var code: String
        /// What failed and what to do.
        public var message: String
        /// The request's identifier (also in `x-request-id`).
        public var requestId: String
    }

    /// The error.
    public var error: Detail

    /// Creates a body.
    public init(code: String, message: String, requestId: String) {
        self.error = Detail(code: code, message: message, requestId: requestId)
    }
}
