/// What Stripe said about a failed request: the HTTP status and the fields of its Error
/// object (`{"error":{"type","code","message","param","doc_url",…}}`).
///
/// The message has any API key removed before it is stored here.
public struct StripeErrorDetails: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status code.
    public var status: Int
    /// The error type, e.g. `invalid_request_error`.
    public var type: String?
    /// The error code, e.g. `resource_missing`, when Stripe gives one.
    public var code: String?
    /// Stripe's human-readable message (credentials removed).
    public var message: String?
    /// The parameter the error relates to, e.g. `timestamp`.
    public var param: String?
    /// A link to Stripe's documentation of the code.
    public var docURL: String?
    /// Stripe's request id (`Request-Id` header), for support.
    public var requestID: String?
    /// The `Stripe-Should-Retry` header, when present.
    public var shouldRetry: Bool?

    /// Creates details.
    public init(status: Int, type: String? = nil, code: String? = nil, message: String? = nil, param: String? = nil, docURL: String? = nil, requestID: String? = nil, shouldRetry: Bool? = nil) {
        self.status = status
        self.type = type
        self.code = code
        self.message = message
        self.param = param
        self.docURL = docURL
        self.requestID = requestID
        self.shouldRetry = shouldRetry
    }

    /// `HTTP <status> <type>/<code> (param <param>): <message> [request <id>]`.
    public var description: String {
        var text = "HTTP \(status)"
        if let type { text += " \(type)" }
        if let code { text += "/\(code)" }
        if let param { text += " (param \(param))" }
        if let message { text += ": \(message)" }
        if let requestID { text += " [request \(requestID)]" }
        return text
    }
}
