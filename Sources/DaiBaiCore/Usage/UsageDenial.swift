/// Why a ``UsagePolicy`` refused a request: a machine-readable ``Code`` and a message for the user.
public struct UsageDenial: Sendable, Hashable, CustomStringConvertible {
    /// The kind of refusal, for callers that react differently (for example, offer a top-up).
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The tenant's prepaid credits are spent.
        case creditsExhausted = "credits_exhausted"
        /// The tenant's subscription is canceled, unpaid or otherwise not active.
        case subscriptionInactive = "subscription_inactive"
        /// The subscription's latest payment failed and has not been recovered yet.
        case paymentPastDue = "payment_past_due"
        /// Any other reason; the message explains it.
        case other
    }

    /// The kind of refusal.
    public var code: Code
    /// What was refused and what to do, safe to show to the user.
    public var message: String

    /// Creates a denial.
    public init(_ code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// A denial with the ``Code/other`` code.
    public static func other(_ message: String) -> UsageDenial { UsageDenial(.other, message: message) }

    /// The message.
    public var description: String { message }
}
