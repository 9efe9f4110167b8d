import Foundation
import HTTPTypes

/// Turns an error response into a ``StripeError`` (shape: Stripe API reference, Errors:
/// `{"error":{"type","code","message","param","doc_url",…}}`).
enum StripeErrorMapping {
    private struct Envelope: Decodable {
        struct Body: Decodable {
            var type: String?
            var code: String?
            var message: String?
            var param: String?
            var doc_url: String?
        }
        var error: Body
    }

    /// The error for `status` with `body`; the API key `key` and anything resembling a Stripe
    /// secret is removed from the quoted message.
    static func error(status: Int, headers: HTTPFields, body: [UInt8], key: String?) -> StripeError {
        let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(body))
        let requestID = headers.first(where: { $0.name.canonicalName == "request-id" })?.value
        var details = StripeErrorDetails(
            status: status,
            type: envelope?.error.type,
            code: envelope?.error.code,
            message: envelope?.error.message.map { StripeRedaction.redact(String($0.prefix(1000)), key: key) },
            param: envelope?.error.param,
            docURL: envelope?.error.doc_url,
            requestID: requestID,
            shouldRetry: StripeRetryRules.shouldRetryHint(headers))
        if envelope == nil {
            let excerpt = StripeRedaction.redact(String(decoding: body.prefix(200), as: UTF8.self), key: key)
            details.message = excerpt.isEmpty ? nil : "unexpected body: \(excerpt)"
        }
        if details.type == "idempotency_error" { return .idempotency(details) }
        switch status {
        case 400, 404: return .invalidRequest(details)
        case 401: return .authentication(details)
        case 403: return .permission(details)
        case 429: return .rateLimited(details)
        default: return .api(details)
        }
    }
}
