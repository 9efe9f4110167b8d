import HTTPTypes
import Hummingbird
import Tracing

/// Continues the caller's trace: `traceparent` (and friends) are extracted into the
/// `ServiceContext`, and each request runs in a server span, so the SDK's outgoing calls
/// (which inject `traceparent`) carry the caller's trace id.
struct TracingMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    /// Extracts the caller's context and starts the server spans; the bootstrapped tracer by default.
    let tracer: any Tracer

    @concurrent func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        var serviceContext = ServiceContext.current ?? .topLevel
        tracer.extract(request.headers, into: &serviceContext, using: HTTPFieldsExtractor())
        let operation = "\(request.method.rawValue) \(context.endpointPath ?? request.uri.path)"
        return try await tracer.withSpan(operation, context: serviceContext, ofKind: .server) { span in
            span.attributes["http.request.method"] = request.method.rawValue
            span.attributes["url.path"] = request.uri.path
            let response = try await next(request, context)
            span.attributes["http.response.status_code"] = Int(response.status.code)
            return response
        }
    }
}

/// Reads trace headers from `HTTPFields`.
struct HTTPFieldsExtractor: Extractor {
    func extract(key: String, from carrier: HTTPFields) -> String? {
        HTTPField.Name(key).flatMap { carrier[$0] }
    }
}
