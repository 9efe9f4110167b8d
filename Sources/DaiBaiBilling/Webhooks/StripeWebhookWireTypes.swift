import Foundation

// The Stripe JSON shapes billing reads (Stripe API reference: the Event, Checkout Session,
// Invoice and Subscription objects). Field names are Stripe's.

/// `{ id, type, created, … }`: the event without its object.
struct WebhookStripeEnvelope: Decodable {
    var id: String
    var type: String
    var created: Int64
}

/// `{ data: { object } }`, decoded once the event type says what the object is.
struct WebhookStripeTypedEnvelope<Object: Decodable>: Decodable {
    var data: Body

    struct Body: Decodable {
        var object: Object
    }
}

/// An expandable reference: an id string, or the expanded object with an `id`.
struct WebhookStripeReference: Decodable {
    var id: String

    private struct Expanded: Decodable { var id: String }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let id = try? container.decode(String.self) {
            self.id = id
        } else {
            self.id = try container.decode(Expanded.self).id
        }
    }
}

struct WebhookStripeCheckoutSession: Decodable {
    var id: String
    var client_reference_id: String?
    var customer: WebhookStripeReference?
    var subscription: WebhookStripeReference?
    var metadata: [String: String]?
}

struct WebhookStripeInvoice: Decodable {
    var id: String
    var customer: WebhookStripeReference?
    var subscription: WebhookStripeReference?
    var subscription_details: SubscriptionDetails?
    var parent: Parent?
    var lines: Lines?

    struct Parent: Decodable {
        var subscription_details: SubscriptionDetails?
    }

    struct SubscriptionDetails: Decodable {
        var subscription: WebhookStripeReference?
        var metadata: [String: String]?
    }

    struct Lines: Decodable {
        var data: [Line]
    }

    struct Line: Decodable {
        var price: Price?
        var pricing: Pricing?
    }

    struct Price: Decodable {
        var id: String
    }

    struct Pricing: Decodable {
        var price_details: PriceDetails?
    }

    struct PriceDetails: Decodable {
        var price: String?
    }
}

struct WebhookStripeSubscription: Decodable {
    var id: String
    var customer: WebhookStripeReference?
    var status: String
    var current_period_start: Int64?
    var current_period_end: Int64?
    var metadata: [String: String]?
    var items: Items?

    struct Items: Decodable {
        var data: [Item]
    }

    struct Item: Decodable {
        var price: Reference?
        var plan: Reference?
        var current_period_start: Int64?
        var current_period_end: Int64?
    }

    struct Reference: Decodable {
        var id: String
    }
}
