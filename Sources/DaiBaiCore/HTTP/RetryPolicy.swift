import Foundation

/// How many times, and how patiently, to retry a failed call.
///
/// The values are clamped to sensible ranges when the policy is created: at least one attempt,
/// no negative durations, a multiplier of at least 1 and a jitter fraction between 0 and 1.
/// ``Retrier`` applies the policy; ``RetryingHTTPTransport`` uses it for HTTP.
public struct RetryPolicy: Sendable, Hashable {
    /// The HTTP statuses retried by default: 408, 429, 500, 502, 503, 504 and 529 (overloaded).
    public static let defaultRetryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504, 529]

    /// The default policy: 4 attempts, 0.5 s initial backoff doubling up to 30 s, ±20 % jitter,
    /// at most 60 s in total.
    public static let `default` = RetryPolicy()

    /// A policy that never retries (a single attempt).
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The most attempts in total, the first one included (at least 1).
    public var maxAttempts: Int
    /// The computed wait after the first failed attempt, before jitter.
    public var initialBackoff: Duration
    /// The longest computed wait between two attempts, jitter included.
    ///
    /// A server's retry hint is honoured even when longer; ``maxTotalTime`` bounds it instead.
    public var maxBackoff: Duration
    /// The factor by which the computed wait grows after each failed attempt (at least 1).
    public var multiplier: Double
    /// The jitter fraction: the computed wait is scaled by a random factor in
    /// `1 - jitter ..< 1 + jitter` (0.2 means ±20 %). Between 0 and 1.
    public var jitter: Double
    /// The longest time from the start of the first attempt to the start of the last one;
    /// a retry whose wait would end after this is not made.
    public var maxTotalTime: Duration
    /// The HTTP status codes whose responses are worth retrying.
    public var retryableStatuses: Set<Int>

    /// Creates a policy; out-of-range values are clamped (see the type's documentation).
    public init(
        maxAttempts: Int = 4,
        initialBackoff: Duration = .milliseconds(500),
        maxBackoff: Duration = .seconds(30),
        multiplier: Double = 2,
        jitter: Double = 0.2,
        maxTotalTime: Duration = .seconds(60),
        retryableStatuses: Set<Int> = RetryPolicy.defaultRetryableStatuses
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = max(.zero, initialBackoff)
        self.maxBackoff = max(.zero, maxBackoff)
        self.multiplier = multiplier.isFinite ? max(1, multiplier) : 1
        self.jitter = jitter.isFinite ? min(1, max(0, jitter)) : 0
        self.maxTotalTime = max(.zero, maxTotalTime)
        self.retryableStatuses = retryableStatuses
    }

    /// Whether a response with this status code should be retried.
    public func isRetryable(status: Int) -> Bool {
        retryableStatuses.contains(status)
    }

    /// The computed wait after the failed attempt number `attempt` (1 for the first attempt).
    ///
    /// The wait is `initialBackoff × multiplier^(attempt − 1)`, scaled by the jitter factor
    /// `1 + jitter × (2 × random − 1)` and finally capped at ``maxBackoff`` (so the cap holds with
    /// jitter too). `random` is a number in `0..<1` (values outside are clamped); `0.5` gives the
    /// wait without jitter. Attempt numbers below 1 count as 1.
    public func backoff(forAttempt attempt: Int, random: Double) -> Duration {
        let cap = Self.seconds(of: maxBackoff)
        let exponent = Double(max(1, attempt) - 1)
        let base = min(cap, Self.seconds(of: initialBackoff) * Foundation.pow(multiplier, exponent))
        let unit = random.isFinite ? min(1, max(0, random)) : 0.5
        let jittered = base * (1 + jitter * (2 * unit - 1))
        let seconds = min(cap, max(0, jittered))
        guard seconds.isFinite else { return maxBackoff }
        return .seconds(seconds)
    }
}

extension RetryPolicy {
    /// `duration` in (fractional) seconds.
    static func seconds(of duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
