import Hummingbird

/// Refuses a body whose `Content-Length` is over the limit with 413 before reading it, and sets
/// the limit that ``Request/collectBody(context:)`` enforces for chunked bodies.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let maxBytes: Int

    @concurrent func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = maxBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw HTTPError(.contentTooLarge)
        }
        return try await next(request, context)
    }
}
