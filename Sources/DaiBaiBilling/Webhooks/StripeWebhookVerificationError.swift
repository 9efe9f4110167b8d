/// Why a webhook delivery was rejected as not coming from Stripe. Answer these with HTTP 400.
public enum StripeWebhookVerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request has no `Stripe-Signature` header.
    case missingHeader
    /// The header is not `t=<unix seconds>,v1=<hex>[,…]`; `problem` says what is wrong.
    case malformedHeader(problem: String)
    /// The header carries no `v1` signature (only other schemes such as `v0`).
    case noV1Signature
    /// The signed timestamp is further than `tolerance` seconds from now.
    case timestampOutsideTolerance(timestamp: Int64, now: Int64, toleranceSeconds: Int64)
    /// No `v1` signature matches the payload under the configured secret.
    case noMatchingSignature

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .missingHeader:
            "The webhook request has no Stripe-Signature header. Only Stripe's signed deliveries are accepted."
        case .malformedHeader(let problem):
            "The Stripe-Signature header is malformed: \(problem). Expected t=<unix seconds>,v1=<hex signature>."
        case .noV1Signature:
            "The Stripe-Signature header has no v1 signature. Only v1 (HMAC-SHA256) signatures are accepted."
        case .timestampOutsideTolerance(let timestamp, let now, let tolerance):
            "The webhook was signed at \(timestamp), \(abs(now - timestamp)) s from now (\(now)); the tolerance is \(tolerance) s. Check the server clock; replayed deliveries are refused."
        case .noMatchingSignature:
            "No v1 signature matches the payload. Check that the endpoint's signing secret (whsec_…) is configured and that the raw, unmodified request body is verified."
        }
    }
}
