import HTTPTypes
import Hummingbird

/// Limits each authenticated tenant's requests; over the limit is a 429 with `Retry-After`.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let limiter: any RequestRateLimiter

    @concurrent func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        guard let tenant = context.principal?.context.tenant else { return try await next(request, context) }
        try await limiter.acquire(tenant: tenant)
        return try await next(request, context)
    }
}
