import DaiBaiTestSupport
import DaiBaiCore
import HTTPTypes
import Synchronization

extension HTTPTransportRequest {
    /// A request to `path` on the loopback `server`.
    static func loopback(
        _ server: LoopbackHTTPServer,
        _ method: HTTPRequest.Method = .get,
        _ path: String,
        headers: HTTPFields = [:],
        body: [UInt8]? = nil,
        timeout: Duration = TestPatience.generous
    ) -> HTTPTransportRequest {
        HTTPTransportRequest(
            head: HTTPRequest(method: method, scheme: "http", authority: server.authority, path: path, headerFields: headers),
            body: body,
            timeout: timeout
        )
    }
}

extension HTTPField.Name {
    /// A custom header name used by the tests.
    static let testHeader = HTTPField.Name("x-test")!
    /// A custom header name set by the loopback routes.
    static let replyHeader = HTTPField.Name("x-reply")!
    /// OpenAI's millisecond retry hint.
    static let retryAfterMs = HTTPField.Name("retry-after-ms")!
    /// Azure's millisecond retry hint.
    static let msRetryAfterMs = HTTPField.Name("x-ms-retry-after-ms")!
}

/// A fake clock and recording sleep for ``Retrier``: sleeping advances the clock instantly.
final class FakeTime: Sendable {
    private struct State {
        var elapsed: Duration = .zero
        var sleeps: [Duration] = []
    }

    private let origin = ContinuousClock.now
    private let state = Mutex(State())

    /// Every wait requested so far.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// The fake current instant.
    func now() -> ContinuousClock.Instant { origin.advanced(by: state.withLock { $0.elapsed }) }

    /// Moves the fake clock forward (to simulate an attempt taking time).
    func advance(by duration: Duration) { state.withLock { $0.elapsed += duration } }

    /// Records the wait and advances the clock; throws if the task is cancelled.
    func sleep(_ duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(duration)
            $0.elapsed += duration
        }
    }

    /// A retrier using this fake time and a fixed random number (0.5 means no jitter).
    func retrier(_ policy: RetryPolicy = .default, random: Double = 0.5) -> Retrier {
        Retrier(
            policy: policy,
            sleep: { try await self.sleep($0) },
            random: { random },
            now: { self.now() }
        )
    }
}

/// A thread-safe counter for route handlers.
final class CallCounter: Sendable {
    private let value = Mutex(0)
    /// Increments and returns the new value.
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
    /// The current value.
    var current: Int { value.withLock { $0 } }
}

extension HTTPTransportResponse {
    /// The body as UTF-8 text (at most 1 MiB).
    func text() async throws -> String {
        String(decoding: try await collectBody(upTo: 1 << 20), as: UTF8.self)
    }
}
