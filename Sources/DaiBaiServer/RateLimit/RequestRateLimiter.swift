import DaiBaiCore
import HTTPTypes

/// Counts requests per tenant; a request over the limit is refused.
public protocol RequestRateLimiter: Sendable {
    /// Records a request of `tenant`; throws a 429 ``ServerError`` (with `Retry-After`) when
    /// the tenant has used its window.
    func acquire(tenant: TenantID) async throws
}

extension ServerError {
    /// The 429 of a tenant over its limit, retrying after `seconds`.
    static func rateLimited(retryAfterSeconds seconds: Int) -> ServerError {
        var headers = HTTPFields()
        headers[.retryAfter] = String(seconds)
        return ServerError(status: .tooManyRequests, code: "rate_limited", message: "This tenant made too many requests (server.rate-limit.per-minute); retry after \(seconds) s.", headers: headers)
    }
}
