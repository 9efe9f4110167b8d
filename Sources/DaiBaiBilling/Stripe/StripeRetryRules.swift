import DaiBaiCore
import Foundation
import HTTPTypes

/// When a Stripe request is sent again (the official libraries' rules).
///
/// `Stripe-Should-Retry: false` wins over everything, `true` retries; otherwise the policy's
/// retryable statuses are retried (by default 409, a conflict such as a lock timeout, 429 and
/// 5xx), as are connection failures and timeouts.
/// The wait honours `Retry-After`. Every attempt carries the same `Idempotency-Key`.
public enum StripeRetryRules {
    /// The default policy for Stripe calls: 3 attempts, 0.5 s doubling up to 5 s, at most 30 s.
    public static let defaultPolicy = RetryPolicy(
        maxAttempts: 3, initialBackoff: .milliseconds(500), maxBackoff: .seconds(5), maxTotalTime: .seconds(30),
        retryableStatuses: [409, 429, 500, 502, 503, 504])

    /// The `Stripe-Should-Retry` header: `true`, `false` or `nil` when absent or unrecognised.
    static func shouldRetryHint(_ fields: HTTPFields) -> Bool? {
        switch fields.first(where: { $0.name.canonicalName == "stripe-should-retry" })?.value.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// The decision for one outcome; statuses are judged by `policy`'s retryable set.
    static func decide(_ outcome: Result<HTTPTransportResponse, HTTPTransportError>, policy: RetryPolicy, now: Date) -> RetryDecision {
        switch outcome {
        case .success(let response):
            let status = response.head.status.code
            if let hint = shouldRetryHint(response.head.headerFields) {
                return hint ? .retry(after: RetryAfter.delay(from: response.head.headerFields, now: now)) : .doNotRetry
            }
            guard policy.isRetryable(status: status) else { return .doNotRetry }
            return .retry(after: RetryAfter.delay(from: response.head.headerFields, now: now))
        case .failure(let error):
            return error.isTransient ? .retry(after: nil) : .doNotRetry
        }
    }
}
