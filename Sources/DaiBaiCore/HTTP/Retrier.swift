import Logging

/// What to do after an attempt, as decided by the caller of ``Retrier``.
public enum RetryDecision: Sendable, Hashable {
    /// Return this outcome to the caller.
    case doNotRetry
    /// Try again, after the server's hint if given (`nil` means use the policy's backoff).
    case retry(after: Duration?)
}

/// The one retry loop of the SDK: runs an operation until it succeeds, the caller says stop,
/// or the ``RetryPolicy`` is exhausted.
///
/// ``run(_:decide:beforeRetry:whenCancelled:)`` follows these rules, in order, after each attempt
/// (attempts are numbered from 1):
/// 1. `decide` sees the outcome. ``RetryDecision/doNotRetry`` returns it (value or error).
/// 2. If this was attempt ``RetryPolicy/maxAttempts``, the outcome is returned.
/// 3. The wait is the server's hint from ``RetryDecision/retry(after:)`` when given (honoured
///    as is, even above ``RetryPolicy/maxBackoff``; negative hints count as zero), otherwise
///    ``RetryPolicy/backoff(forAttempt:random:)`` with a number from `random`.
/// 4. If the time elapsed since the first attempt started plus the wait exceeds
///    ``RetryPolicy/maxTotalTime``, the outcome is returned without waiting.
/// 5. If the task is cancelled, `whenCancelled()` is thrown.
/// 6. `beforeRetry` runs (for example to discard a response body), then `sleep` waits. If the
///    sleep throws (the default one does when the task is cancelled), `whenCancelled()` is thrown.
/// 7. The next attempt starts.
///
/// Everything is injectable so tests can run instantly and deterministically.
public struct Retrier: Sendable {
    /// The limits applied.
    public var policy: RetryPolicy
    /// Waits between attempts; must throw when the task is cancelled. Defaults to `Task.sleep`.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A number in `0..<1` for the jitter. Defaults to `Double.random(in: 0..<1)`.
    public var random: @Sendable () -> Double
    /// The current instant, used to measure the total elapsed time. Defaults to `ContinuousClock.now`.
    public var now: @Sendable () -> ContinuousClock.Instant
    /// Receives one debug line per retry (attempt, wait); never request contents.
    public var logger: Logger

    /// Creates a retrier.
    public init(
        policy: RetryPolicy = .default,
        logger: Logger = Logger(label: "daibai.retry", factory: { _ in SwiftLogNoOpLogHandler() }),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.policy = policy
        self.logger = logger
        self.sleep = sleep
        self.random = random
        self.now = now
    }

    /// Runs `operation` until `decide` says stop or the policy is exhausted (see the type's rules).
    ///
    /// - Parameters:
    ///   - operation: One attempt; receives the attempt number (1, 2, …).
    ///   - decide: Whether the outcome of attempt number `attempt` is worth retrying.
    ///   - beforeRetry: Runs only when a retry will really happen, with the outcome being
    ///     discarded, its attempt number and the wait about to start.
    ///   - whenCancelled: The error to throw when the task is cancelled between attempts.
    /// - Returns: The value of the last attempt.
    /// - Throws: The error of the last attempt, or `whenCancelled()`.
    public func run<T, E: Error>(
        _ operation: (_ attempt: Int) async throws(E) -> T,
        decide: (_ outcome: Result<T, E>, _ attempt: Int) -> RetryDecision,
        beforeRetry: (_ discarded: Result<T, E>, _ attempt: Int, _ wait: Duration) async -> Void = { _, _, _ in },
        whenCancelled: () -> E
    ) async throws(E) -> T {
        let start = now()
        var attempt = 1
        while true {
            let outcome: Result<T, E>
            do throws(E) {
                outcome = .success(try await operation(attempt))
            } catch {
                outcome = .failure(error)
            }

            let hint: Duration?
            switch decide(outcome, attempt) {
            case .doNotRetry:
                return try outcome.get()
            case .retry(let after):
                hint = after
            }
            guard attempt < policy.maxAttempts else {
                logger.debug("Giving up: no attempts left", metadata: ["attempts": "\(attempt)"])
                return try outcome.get()
            }
            let wait = hint.map { max(.zero, $0) } ?? policy.backoff(forAttempt: attempt, random: random())
            let elapsed = start.duration(to: now())
            guard elapsed + wait <= policy.maxTotalTime else {
                logger.debug(
                    "Giving up: the wait would exceed the total time allowed",
                    metadata: ["attempt": "\(attempt)", "wait": "\(wait)", "maxTotalTime": "\(policy.maxTotalTime)"]
                )
                return try outcome.get()
            }
            if Task.isCancelled { throw whenCancelled() }
            await beforeRetry(outcome, attempt, wait)
            logger.debug(
                "Retrying",
                metadata: ["attempt": "\(attempt + 1)", "wait": "\(wait)", "serverHint": "\(hint != nil)"]
            )
            if wait > .zero {
                do {
                    try await sleep(wait)
                } catch {
                    throw whenCancelled()
                }
            }
            if Task.isCancelled { throw whenCancelled() }
            attempt += 1
        }
    }

    /// Runs `operation` like ``run(_:decide:beforeRetry:whenCancelled:)``, for untyped errors;
    /// throws `CancellationError` when the task is cancelled between attempts.
    public func run<T>(
        _ operation: (_ attempt: Int) async throws -> T,
        decide: (_ outcome: Result<T, any Error>, _ attempt: Int) -> RetryDecision
    ) async throws -> T {
        try await run(operation, decide: decide, whenCancelled: { CancellationError() })
    }
}
