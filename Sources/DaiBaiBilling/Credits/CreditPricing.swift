import DaiBaiCore

/// What usage costs in credits, the unit of the prepaid balance.
///
/// Token events cost ``creditsPerThousandInputTokens`` / ``creditsPerThousandOutputTokens`` per
/// 1,000 tokens, rounded up per event (so 1 token of a 1-credit-per-1,000 rate costs 1 credit);
/// every answered question costs ``creditsPerTask`` and every executed query
/// ``creditsPerQuery``. Before a request runs, ``CreditsUsagePolicy`` reserves
/// ``estimatedCredits(for:)``: ``reservationPerRequest``, or the priced input-token estimate
/// when the request carries a larger one.
///
/// Tokens paid with the tenant's key or the user's own key (an event's or request's `payer`
/// other than `UsagePayer.platform`, bring your own key) cost nothing: the vendor bills them,
/// not the platform. Answered questions and executed queries are platform services and cost
/// their rates whoever paid for the tokens, so such a request reserves only those: one task
/// and one query (``creditsPerTask`` + ``creditsPerQuery``), never more than a platform-paid
/// request would.
public struct CreditPricing: Sendable, Hashable {
    /// Credits per 1,000 prompt tokens.
    public var creditsPerThousandInputTokens: Int64
    /// Credits per 1,000 generated tokens.
    public var creditsPerThousandOutputTokens: Int64
    /// Credits per answered question.
    public var creditsPerTask: Int64
    /// Credits per query run against a data server.
    public var creditsPerQuery: Int64
    /// Credits reserved for a request before it runs; should cover a typical request.
    public var reservationPerRequest: Int64

    /// Creates a price list; the defaults charge 1 credit per 1,000 input tokens, 4 per 1,000
    /// output tokens, 1 per answered question, nothing per query, and reserve 10 per request.
    public init(creditsPerThousandInputTokens: Int64 = 1, creditsPerThousandOutputTokens: Int64 = 4, creditsPerTask: Int64 = 1, creditsPerQuery: Int64 = 0, reservationPerRequest: Int64 = 10) {
        self.creditsPerThousandInputTokens = creditsPerThousandInputTokens
        self.creditsPerThousandOutputTokens = creditsPerThousandOutputTokens
        self.creditsPerTask = creditsPerTask
        self.creditsPerQuery = creditsPerQuery
        self.reservationPerRequest = reservationPerRequest
    }

    /// The credits `event` costs; never negative, and 0 for token events whose payer is not
    /// the platform.
    public func credits(for event: UsageEvent) -> Int64 {
        guard PlatformCharge.isCharged(event) else { return 0 }
        let quantity = Int64(max(0, event.quantity))
        switch event.kind {
        case .inputTokens: return Self.perThousand(quantity, rate: creditsPerThousandInputTokens)
        case .outputTokens: return Self.perThousand(quantity, rate: creditsPerThousandOutputTokens)
        case .taskCompleted: return Self.times(quantity, creditsPerTask)
        case .queryExecuted: return Self.times(quantity, creditsPerQuery)
        }
    }

    /// The credits reserved for `request` before it runs: ``reservationPerRequest`` or the priced
    /// input-token estimate, whichever is larger. When the request's tokens are not paid by the
    /// platform, only its non-token charges: ``creditsPerTask`` + ``creditsPerQuery``, capped at
    /// what the same request paid by the platform would reserve.
    public func estimatedCredits(for request: UsageRequest) -> Int64 {
        let tokens = Int64(max(0, request.estimatedInputTokens ?? 0))
        let platformEstimate = max(reservationPerRequest, Self.perThousand(tokens, rate: creditsPerThousandInputTokens), 0)
        guard request.payer.isPlatformCharged else {
            let (nonToken, overflow) = max(0, creditsPerTask).addingReportingOverflow(max(0, creditsPerQuery))
            return min(platformEstimate, overflow ? Int64.max : nonToken)
        }
        return platformEstimate
    }

    /// `quantity × rate / 1000`, rounded up, saturating.
    private static func perThousand(_ quantity: Int64, rate: Int64) -> Int64 {
        let product = times(quantity, max(0, rate))
        return product / 1000 + (product % 1000 == 0 ? 0 : 1)
    }

    private static func times(_ lhs: Int64, _ rhs: Int64) -> Int64 {
        let (product, overflow) = lhs.multipliedReportingOverflow(by: max(0, rhs))
        return overflow ? Int64.max : product
    }
}
