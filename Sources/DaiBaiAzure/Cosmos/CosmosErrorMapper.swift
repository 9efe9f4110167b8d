import Foundation

/// Turns an error response (`{"code": …, "message": …}`, per the Cosmos DB REST API reference,
/// "HTTP Status Codes for Azure Cosmos DB") into a ``CosmosError``.
struct CosmosErrorMapper: Sendable {
    /// Strings never to show (the account key).
    var redactions: [String]

    /// The most characters of the service's message kept.
    static let maxMessageLength = 500

    private struct Body: Decodable {
        var code: String?
        var message: String?
    }

    func error(status: Int, body: [UInt8], operation: String) -> CosmosError {
        let parsed = try? JSONDecoder().decode(Body.self, from: Data(body))
        var message = parsed?.message ?? String(decoding: body.prefix(Self.maxMessageLength), as: UTF8.self)
        for secret in redactions where !secret.isEmpty {
            message = message.replacingOccurrences(of: secret, with: "<redacted>")
        }
        if message.count > Self.maxMessageLength {
            message = String(message.prefix(Self.maxMessageLength)) + "…"
        }
        let detail = CosmosErrorDetail(operation: operation, status: status, code: parsed?.code, message: message)
        switch status {
        case 400: return .badRequest(detail)
        case 401: return .unauthorized(detail)
        case 403: return .forbidden(detail)
        case 404: return .notFound(detail)
        case 409: return .conflict(detail)
        case 412: return .preconditionFailed(detail)
        case 413: return .tooLarge(detail)
        case 429: return .throttled(detail)
        default: return .server(detail)
        }
    }
}
