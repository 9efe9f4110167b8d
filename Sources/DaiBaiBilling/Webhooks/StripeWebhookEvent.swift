import DaiBaiCore
import Foundation

/// A verified Stripe event, reduced to what billing acts on.
public struct StripeWebhookEvent: Sendable, Hashable {
    /// The event id (`evt_…`), unique per event; redeliveries reuse it.
    public var id: String
    /// The event type, for example `invoice.paid`.
    public var type: String
    /// When Stripe created the event, in unix seconds; used to order deliveries.
    public var created: Int64
    /// What the event says, for the types billing handles.
    public var payload: Payload

    /// Creates an event.
    public init(id: String, type: String, created: Int64, payload: Payload) {
        self.id = id
        self.type = type
        self.created = created
        self.payload = payload
    }

    /// The content of the handled event types.
    public enum Payload: Sendable, Hashable {
        /// `checkout.session.completed`: a tenant bought a subscription.
        case checkoutCompleted(StripeCheckoutCompletion)
        /// `invoice.paid` or `invoice.payment_succeeded`.
        case invoicePaid(StripeInvoiceSummary)
        /// `invoice.payment_failed`.
        case invoicePaymentFailed(StripeInvoiceSummary)
        /// `customer.subscription.created`, `.updated` or `.deleted` (`deleted` is `true`).
        case subscriptionChanged(StripeSubscriptionSnapshot, deleted: Bool)
        /// A type billing does not act on; acknowledged and ignored.
        case unhandled
    }
}

/// The parts of a completed Checkout Session that link a tenant to Stripe.
public struct StripeCheckoutCompletion: Sendable, Hashable {
    /// The session id (`cs_…`).
    public var sessionID: String
    /// The tenant, from `client_reference_id` or `metadata.tenant_id` (`metadata.tenant`).
    public var tenant: TenantID?
    /// The customer created or used by the session.
    public var customerID: String?
    /// The subscription created by the session, in subscription mode.
    public var subscriptionID: String?

    /// Creates a completion.
    public init(sessionID: String, tenant: TenantID?, customerID: String?, subscriptionID: String?) {
        self.sessionID = sessionID
        self.tenant = tenant
        self.customerID = customerID
        self.subscriptionID = subscriptionID
    }
}

/// The parts of an invoice that billing uses.
public struct StripeInvoiceSummary: Sendable, Hashable {
    /// The invoice id (`in_…`).
    public var id: String
    /// The customer billed.
    public var customerID: String?
    /// The subscription the invoice is for, if any.
    public var subscriptionID: String?
    /// The price ids of its line items, in order.
    public var priceIDs: [String]
    /// The tenant, from the subscription's metadata copied onto the invoice, if present.
    public var tenant: TenantID?

    /// Creates a summary.
    public init(id: String, customerID: String?, subscriptionID: String?, priceIDs: [String], tenant: TenantID?) {
        self.id = id
        self.customerID = customerID
        self.subscriptionID = subscriptionID
        self.priceIDs = priceIDs
        self.tenant = tenant
    }
}

/// A subscription's state as one event reports it.
public struct StripeSubscriptionSnapshot: Sendable, Hashable {
    /// The subscription id (`sub_…`).
    public var id: String
    /// The customer.
    public var customerID: String?
    /// The status as Stripe spells it.
    public var status: String
    /// The first item's price id (the plan).
    public var priceID: String?
    /// The start of the current period.
    public var currentPeriodStart: Date?
    /// The end of the current period.
    public var currentPeriodEnd: Date?
    /// The tenant, from `metadata.tenant_id` (`metadata.tenant`), if set.
    public var tenant: TenantID?

    /// Creates a snapshot.
    public init(id: String, customerID: String?, status: String, priceID: String?, currentPeriodStart: Date?, currentPeriodEnd: Date?, tenant: TenantID?) {
        self.id = id
        self.customerID = customerID
        self.status = status
        self.priceID = priceID
        self.currentPeriodStart = currentPeriodStart
        self.currentPeriodEnd = currentPeriodEnd
        self.tenant = tenant
    }
}
