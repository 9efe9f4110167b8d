import DaiBaiCore
import Foundation

/// Decodes Stripe event JSON into ``StripeWebhookEvent``s.
///
/// Understands both the older object shapes (`invoice.subscription`, `lines.data[].price`,
/// `current_period_*` on the subscription) and the 2025 ones (`invoice.parent.subscription_details`,
/// `lines.data[].pricing.price_details.price`, `current_period_*` on subscription items).
/// Expandable fields (`customer`, `subscription`) may be ids or expanded objects.
public struct StripeWebhookEventParser: Sendable {
    /// Creates a parser.
    public init() {}

    /// Parses `payload`, the raw event body.
    public func parse(_ payload: Data) throws(StripeWebhookError) -> StripeWebhookEvent {
        let envelope: WebhookStripeEnvelope
        do {
            envelope = try JSONDecoder().decode(WebhookStripeEnvelope.self, from: payload)
        } catch {
            throw .malformedEvent(eventID: nil, problem: Self.problem(error))
        }
        let content: StripeWebhookEvent.Payload
        do {
            content = try Self.content(type: envelope.type, body: payload)
        } catch {
            throw .malformedEvent(eventID: envelope.id, problem: Self.problem(error))
        }
        return StripeWebhookEvent(id: envelope.id, type: envelope.type, created: envelope.created, payload: content)
    }

    private static func content(type: String, body: Data) throws -> StripeWebhookEvent.Payload {
        func object<Object: Decodable>(_: Object.Type) throws -> Object {
            try JSONDecoder().decode(WebhookStripeTypedEnvelope<Object>.self, from: body).data.object
        }
        switch type {
        case "checkout.session.completed":
            let session = try object(WebhookStripeCheckoutSession.self)
            let tenant = (session.client_reference_id).flatMap(TenantID.init(rawValue:)) ?? tenant(in: session.metadata)
            return .checkoutCompleted(StripeCheckoutCompletion(sessionID: session.id, tenant: tenant, customerID: session.customer?.id, subscriptionID: session.subscription?.id))
        case "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed":
            let invoice = try object(WebhookStripeInvoice.self)
            let details = invoice.parent?.subscription_details ?? invoice.subscription_details
            let summary = StripeInvoiceSummary(
                id: invoice.id, customerID: invoice.customer?.id,
                subscriptionID: invoice.subscription?.id ?? details?.subscription?.id,
                priceIDs: invoice.lines?.data.compactMap { $0.price?.id ?? $0.pricing?.price_details?.price } ?? [],
                tenant: tenant(in: details?.metadata))
            return type == "invoice.payment_failed" ? .invoicePaymentFailed(summary) : .invoicePaid(summary)
        case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted":
            let subscription = try object(WebhookStripeSubscription.self)
            let item = subscription.items?.data.first
            let start = subscription.current_period_start ?? item?.current_period_start
            let end = subscription.current_period_end ?? item?.current_period_end
            let snapshot = StripeSubscriptionSnapshot(
                id: subscription.id, customerID: subscription.customer?.id, status: subscription.status,
                priceID: item?.price?.id ?? item?.plan?.id,
                currentPeriodStart: start.map { Date(timeIntervalSince1970: Double($0)) },
                currentPeriodEnd: end.map { Date(timeIntervalSince1970: Double($0)) },
                tenant: tenant(in: subscription.metadata))
            return .subscriptionChanged(snapshot, deleted: type == "customer.subscription.deleted")
        default:
            return .unhandled
        }
    }

    /// The tenant named by `metadata.tenant_id` or `metadata.tenant`.
    private static func tenant(in metadata: [String: String]?) -> TenantID? {
        guard let metadata else { return nil }
        return (metadata["tenant_id"] ?? metadata["tenant"]).flatMap(TenantID.init(rawValue:))
    }

    private static func problem(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "the field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))' is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "the field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty ? "the body is not JSON" : "the field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' is invalid"
        default:
            "the body could not be decoded"
        }
    }
}
