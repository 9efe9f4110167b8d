import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Turns every thrown error into `{"error": {"code", "message", "requestId"}}` with its status.
/// Server errors are logged with the request id; the response never carries a stack trace.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    @concurrent func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let mapped = ErrorMapping.map(error)
            if mapped.status.code >= 500 {
                context.logger.error("request failed", metadata: ["code": .string(mapped.code), "error": .string(String(describing: type(of: error)))])
            } else {
                context.logger.debug("request refused", metadata: ["code": .string(mapped.code)])
            }
            return Self.response(for: mapped, requestID: context.requestID)
        }
    }

    static func response(for error: ServerError, requestID: String) -> Response {
        var headers = error.headers
        headers[.contentType] = "application/json"
        let body = (try? JSONEncoder().encode(ErrorBody(code: error.code, message: error.message, requestId: requestID))) ?? Data()
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
