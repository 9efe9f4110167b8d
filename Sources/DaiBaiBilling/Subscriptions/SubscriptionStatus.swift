/// A Stripe subscription's status, as Stripe names it.
public enum SubscriptionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// The first payment has not succeeded yet (up to 23 hours).
    case incomplete
    /// The first payment never succeeded; the subscription is void.
    case incompleteExpired = "incomplete_expired"
    /// In a free trial.
    case trialing
    /// Paid and current.
    case active
    /// The latest invoice's payment failed; Stripe is retrying it.
    case pastDue = "past_due"
    /// Ended; final.
    case canceled
    /// Retries were exhausted and the invoice is still open.
    case unpaid
    /// A trial ended without a payment method; nothing is billed.
    case paused
}
