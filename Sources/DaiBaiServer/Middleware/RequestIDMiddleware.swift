import Foundation
import HTTPTypes
import Hummingbird

/// Gives every request an id: the caller's `x-request-id` when it is 1–128 characters of
/// `A-Z a-z 0-9 . _ -`, else a new one. It is on every response and in the logger metadata.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    /// `x-request-id` (a valid literal; the fallback is unreachable).
    static let header = HTTPField.Name("x-request-id") ?? .via

    @concurrent func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let id = request.headers[Self.header].flatMap { Self.isAcceptable($0) ? $0 : nil } ?? UUID().uuidString.lowercased()
        context.requestID = id
        context.logger[metadataKey: "request_id"] = .string(id)
        var response = try await next(request, context)
        response.headers[Self.header] = id
        return response
    }

    static func isAcceptable(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
    }
}
