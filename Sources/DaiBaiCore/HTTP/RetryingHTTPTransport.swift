import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime

/// Sends through another transport and retries what is worth retrying, with ``Retrier``.
///
/// Retried are responses whose status is in ``RetryPolicy/retryableStatuses`` and transport
/// errors that are ``HTTPTransportError/isTransient`` (connection failures, timeouts). The wait
/// honours the server's hint (``RetryAfter``) when present, otherwise the policy's backoff.
/// The same request (head and buffered body) is sent again on every attempt.
///
/// Before a retry the discarded response's body is drained if it is small and of known
/// length (so the connection can be reused), otherwise dropped. When attempts or time run
/// out the last response is returned untouched, so the caller sees the final status (for
/// example 429 or 503) and can read its body.
public struct RetryingHTTPTransport: HTTPTransport {
    /// The transport each attempt goes through.
    public var base: any HTTPTransport
    /// The retry loop and its policy.
    public var retrier: Retrier
    /// The current time, used for `Retry-After` HTTP-dates.
    public var now: @Sendable () -> Date

    /// Largest response body drained (rather than dropped) before a retry.
    static let drainLimit: Int64 = 64 * 1024

    /// Wraps `base` with a retrier using `policy`.
    public init(
        base: some HTTPTransport,
        policy: RetryPolicy = .default,
        logger: Logger = Logger(label: "daibai.http.retry", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.init(base: base, retrier: Retrier(policy: policy, logger: logger))
    }

    /// Wraps `base` with the given retrier (inject its sleep, random source and clock in tests).
    public init(base: some HTTPTransport, retrier: Retrier, now: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.retrier = retrier
        self.now = now
    }

    /// Sends `request`, retrying per the policy; returns the last response or throws the last error.
    public func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        let policy = retrier.policy
        let logger = retrier.logger
        let method = request.head.method.rawValue
        let host = request.head.authority ?? ""
        return try await retrier.run(
            { _ throws(HTTPTransportError) in try await base.send(request) },
            decide: { outcome, attempt in
                switch outcome {
                case .success(let response):
                    let status = response.head.status.code
                    guard policy.isRetryable(status: status) else { return .doNotRetry }
                    logger.debug(
                        "Retryable HTTP status",
                        metadata: ["method": "\(method)", "host": "\(host)", "status": "\(status)", "attempt": "\(attempt)"]
                    )
                    return .retry(after: RetryAfter.delay(from: response.head.headerFields, now: now()))
                case .failure(let error):
                    guard error.isTransient else { return .doNotRetry }
                    logger.debug(
                        "Transient HTTP failure",
                        metadata: ["method": "\(method)", "host": "\(host)", "error": "\(error)", "attempt": "\(attempt)"]
                    )
                    return .retry(after: nil)
                }
            },
            beforeRetry: { discarded, _, _ in
                if case .success(let response) = discarded {
                    await Self.discard(response.body)
                }
            },
            whenCancelled: { .cancelled }
        )
    }

    /// Drains a small body of known length so the connection can be reused; drops anything else.
    static func discard(_ body: HTTPBody) async {
        guard case .known(let length) = body.length, length <= drainLimit else { return }
        do {
            var received: Int64 = 0
            for try await chunk in body {
                received += Int64(chunk.count)
                if received > drainLimit { break }
            }
        } catch {
            // The body is being thrown away; a failure to read it changes nothing.
        }
    }
}
