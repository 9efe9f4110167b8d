/// Why a Stripe call failed. No case carries the API key.
///
/// Status-bearing cases follow the official libraries' mapping: 400/404 invalid request
/// (or ``idempotency(_:)`` for `idempotency_error`), 401 authentication, 403 permission,
/// 429 rate limit, anything else (409, 5xx) an API error.
public enum StripeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request was refused as invalid (400, 404): fix the parameters; sending it again will not help.
    case invalidRequest(StripeErrorDetails)
    /// The API key is missing, wrong or revoked (401).
    case authentication(StripeErrorDetails)
    /// The key may not perform this request (403), e.g. a restricted key without the permission.
    case permission(StripeErrorDetails)
    /// Too many requests (429) even after the retries.
    case rateLimited(StripeErrorDetails)
    /// An `Idempotency-Key` was reused with different parameters.
    case idempotency(StripeErrorDetails)
    /// Stripe failed (5xx, 409 or an unexpected status) even after the retries.
    case api(StripeErrorDetails)
    /// No response arrived (connection refused or broken, timeout), even after the retries.
    case connection(String)
    /// A 2xx response was not in the documented shape.
    case invalidResponse(String)
    /// The client is misconfigured (no API key in the secret store, bad base URL).
    case configuration(String)
    /// The task was cancelled.
    case cancelled

    /// Stripe's details, for the cases that carry a response.
    public var details: StripeErrorDetails? {
        switch self {
        case .invalidRequest(let d), .authentication(let d), .permission(let d), .rateLimited(let d), .idempotency(let d), .api(let d): d
        case .connection, .invalidResponse, .configuration, .cancelled: nil
        }
    }

    /// Whether the same request may succeed later (rate limits, Stripe failures, connection
    /// problems); `false` for refusals that need a change first.
    public var isTransient: Bool {
        switch self {
        case .rateLimited, .api, .connection: true
        case .invalidRequest, .authentication, .permission, .idempotency, .invalidResponse, .configuration, .cancelled: false
        }
    }

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .invalidRequest(let d): "Stripe refused the request as invalid (\(d)). Fix the parameters; sending it again will not help."
        case .authentication(let d): "Stripe did not accept the API key (\(d)). Check the STRIPE_API_KEY secret."
        case .permission(let d): "The Stripe API key may not perform this request (\(d)). Grant the permission to the key or use another key."
        case .rateLimited(let d): "Stripe rate-limited the request (\(d)). Send fewer requests per second and try again later."
        case .idempotency(let d): "Stripe refused an Idempotency-Key reused with different parameters (\(d)). Use a new key for a different request."
        case .api(let d): "Stripe failed to handle the request (\(d)). Try again later; see status.stripe.com if it persists."
        case .connection(let m): "Stripe could not be reached: \(m). Check the network and the configured base URL."
        case .invalidResponse(let m): "Stripe's response was not in the expected format: \(m)."
        case .configuration(let m): "The Stripe client is misconfigured: \(m)."
        case .cancelled: "The Stripe request was cancelled."
        }
    }
}
