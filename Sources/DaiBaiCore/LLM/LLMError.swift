/// Why a model or embedding call failed. Messages never contain keys or tokens.
public enum LLMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key or token was refused.
    case authentication(provider: String, message: String)
    /// The credentials are valid but lack access to the model or resource.
    case permissionDenied(provider: String, message: String)
    /// Too many requests; retry after the given delay if known.
    case rateLimited(provider: String, retryAfter: Duration?)
    /// The prompt is longer than the model accepts.
    case contextLengthExceeded(provider: String, message: String)
    /// The provider's safety filter refused the request or the output.
    case contentFiltered(provider: String, message: String)
    /// The provider is overloaded (for example Anthropic's 529).
    case overloaded(provider: String)
    /// The provider answered with a server error.
    case server(provider: String, status: Int, message: String)
    /// The request never got a usable answer (connection, timeout, malformed response).
    case transport(provider: String, message: String)
    /// The provider is misconfigured; the message names the setting.
    case misconfigured(provider: String, message: String)
    /// The call was cancelled.
    case cancelled

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .authentication(let p, let m): "\(p): authentication failed (\(m)). Check the configured API key or credential."
        case .permissionDenied(let p, let m): "\(p): permission denied (\(m)). Check the key's access to this model."
        case .rateLimited(let p, let after): "\(p): rate limited" + (after.map { "; retry after \($0)" } ?? "; retry later") + "."
        case .contextLengthExceeded(let p, let m): "\(p): the prompt is too long for the model (\(m)). Send fewer tables or less history."
        case .contentFiltered(let p, let m): "\(p): blocked by the provider's content filter (\(m))."
        case .overloaded(let p): "\(p): the provider is overloaded; retry later."
        case .server(let p, let status, let m): "\(p): server error \(status) (\(m)); retry later."
        case .transport(let p, let m): "\(p): request failed (\(m))."
        case .misconfigured(let p, let m): "\(p): misconfigured: \(m)"
        case .cancelled: "The model call was cancelled."
        }
    }
}
