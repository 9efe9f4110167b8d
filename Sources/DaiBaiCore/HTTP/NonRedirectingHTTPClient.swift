import AsyncHTTPClient

extension HTTPClient {
    /// The process-wide client of ``AsyncHTTPClientTransport``: like `HTTPClient.shared`, but it
    /// never follows redirects.
    ///
    /// A redirect would carry credentials sent in their own headers (`x-api-key`, `api-key`,
    /// `x-goog-api-key`) and the request body to another host; async-http-client strips only
    /// `Authorization` and cookies. The SDK's clients talk to configured API endpoints, which
    /// do not redirect, so a 3xx comes back to the caller as a response instead. It lives for
    /// the whole process and is never shut down, like `HTTPClient.shared`.
    public static let nonRedirecting: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
