import DaiBaiCore
import HTTPTypes
import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// Collects the body up to the context's limit (413 beyond it) and decodes it as JSON (400 on failure).
    func decodeJSON<Value: Decodable>(_ type: Value.Type, context: ServerRequestContext) async throws -> Value {
        var request = self
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        return try JSONDecoder().decode(Value.self, from: Data(buffer: buffer))
    }
}

extension ServerRequestContext {
    /// The authenticated caller's tenant and user; 401 when missing (never expected after the auth middleware).
    func caller() throws -> DaiBaiCore.RequestContext {
        guard let principal else { throw ServerError(status: .unauthorized, code: "unauthorized", message: "The request is not authenticated.") }
        return principal.context
    }
}

/// Encodes a JSON response.
enum JSONResponse {
    static func make<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder().encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
