import DaiBaiCore
import Metrics

/// The counters of sign-in, created once per authenticator (swift-metrics API only; the
/// application bootstraps the backend).
///
/// - `daibai_signin_authentications_total`, dimension `outcome`: `accepted`,
///   `missing_credential`, `malformed_credential`, `unsupported_algorithm`, `unknown_key`,
///   `invalid_signature`, `invalid_claim`, `issuer_unavailable`.
/// - `daibai_signin_jwks_fetches_total`, dimension `outcome`: `success`, `failure`.
/// - `daibai_signin_jwks_refetches_rate_limited_total`: unknown key ids refused without a
///   fetch because the last one was too recent.
struct SignInMetrics: Sendable {
    let accepted: Counter
    let missingCredential: Counter
    let malformedCredential: Counter
    let unsupportedAlgorithm: Counter
    let unknownKey: Counter
    let invalidSignature: Counter
    let invalidClaim: Counter
    let issuerUnavailable: Counter
    let fetchSucceeded: Counter
    let fetchFailed: Counter
    let rateLimited: Counter

    init(factory: any MetricsFactory) {
        let outcomes = "daibai_signin_authentications_total"
        accepted = Counter(label: outcomes, dimensions: [("outcome", "accepted")], factory: factory)
        missingCredential = Counter(label: outcomes, dimensions: [("outcome", "missing_credential")], factory: factory)
        malformedCredential = Counter(label: outcomes, dimensions: [("outcome", "malformed_credential")], factory: factory)
        unsupportedAlgorithm = Counter(label: outcomes, dimensions: [("outcome", "unsupported_algorithm")], factory: factory)
        unknownKey = Counter(label: outcomes, dimensions: [("outcome", "unknown_key")], factory: factory)
        invalidSignature = Counter(label: outcomes, dimensions: [("outcome", "invalid_signature")], factory: factory)
        invalidClaim = Counter(label: outcomes, dimensions: [("outcome", "invalid_claim")], factory: factory)
        issuerUnavailable = Counter(label: outcomes, dimensions: [("outcome", "issuer_unavailable")], factory: factory)
        let fetches = "daibai_signin_jwks_fetches_total"
        fetchSucceeded = Counter(label: fetches, dimensions: [("outcome", "success")], factory: factory)
        fetchFailed = Counter(label: fetches, dimensions: [("outcome", "failure")], factory: factory)
        rateLimited = Counter(label: "daibai_signin_jwks_refetches_rate_limited_total", factory: factory)
    }

    /// Counts one refusal under its outcome.
    func refused(_ error: AuthenticationError) {
        switch error {
        case .missingCredential: missingCredential.increment()
        case .malformedCredential: malformedCredential.increment()
        case .unsupportedAlgorithm: unsupportedAlgorithm.increment()
        case .unknownKey: unknownKey.increment()
        case .invalidSignature: invalidSignature.increment()
        case .invalidClaim: invalidClaim.increment()
        case .issuerUnavailable: issuerUnavailable.increment()
        }
    }
}
