import DaiBaiBilling
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /v1/stripe/webhook`: the raw body and `Stripe-Signature` go to the handler; the
/// signature is the authentication (no bearer token).
struct WebhookRoutes {
    let handler: StripeWebhookHandler?
    /// `Stripe-Signature` (a valid literal; the fallback is unreachable).
    static let signatureHeader = HTTPField.Name("Stripe-Signature") ?? .via
    struct OutcomeBody: Encodable { var received: Bool; var outcome: String; var eventId: String }

    func handle(_ request: Request, context: ServerRequestContext) async throws -> Response {
        guard let handler else {
            throw ServerError.notConfigured("Stripe webhooks are not configured: store the endpoint's signing secret as '\(BillingServices.webhookSecretName)' in the billing owner tenant's secrets.")
        }
        var request = request
        let payload = try await request.collectBody(upTo: context.maxUploadSize)
        let outcome = try await handler.handle(payload: Data(buffer: payload), signatureHeader: request.headers[Self.signatureHeader])
        let body: OutcomeBody
        switch outcome {
        case .applied(let id, _): body = .init(received: true, outcome: "applied", eventId: id)
        case .duplicate(let id): body = .init(received: true, outcome: "duplicate", eventId: id)
        case .ignored(let id, _, _): body = .init(received: true, outcome: "ignored", eventId: id)
        }
        return try JSONResponse.make(body)
    }
}
