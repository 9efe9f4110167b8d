/// Why a webhook delivery was not applied. ``suggestedHTTPStatus`` tells the HTTP layer what to
/// answer: Stripe redelivers anything that is not 2xx, for up to three days.
public enum StripeWebhookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The delivery is not signed by Stripe (answer 400).
    case verification(StripeWebhookVerificationError)
    /// The body is not a Stripe event of the expected shape (answer 400).
    case malformedEvent(eventID: String?, problem: String)
    /// No tenant is known for the event's customer or subscription yet (answer 500, so Stripe
    /// redelivers it after the `checkout.session.completed` that links them).
    case tenantNotResolved(eventID: String, customerID: String?)
    /// The billing store failed (answer 500; the delivery will be retried).
    case storage(BillingStoreError)

    /// The HTTP status to answer Stripe with: 400 for deliveries that will never succeed, 500 for
    /// ones that should be redelivered.
    public var suggestedHTTPStatus: Int {
        switch self {
        case .verification, .malformedEvent: 400
        case .tenantNotResolved, .storage: 500
        }
    }

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .verification(let error): "\(error)"
        case .malformedEvent(let eventID, let problem):
            "The Stripe event\(eventID.map { " \($0)" } ?? "") could not be read: \(problem). Check the endpoint's API version."
        case .tenantNotResolved(let eventID, let customerID):
            "Event \(eventID) names customer \(customerID ?? "(none)"), which is not linked to a tenant yet. Create Checkout Sessions with client_reference_id (or subscription metadata tenant_id) set to the tenant; Stripe will redeliver the event."
        case .storage(let error): "\(error)"
        }
    }
}
