import DaiBaiTestSupport
import DaiBaiCore
import Synchronization
import Testing

/// An error for the retry tests.
private enum Failure: Error, Equatable {
    case transient(attempt: Int)
    case fatal
    case cancelled
}

@Suite struct RetryPolicyTests {
    @Test func defaultsMatchTheDocumentedValues() {
        let policy = RetryPolicy()
        #expect(policy.maxAttempts == 4)
        #expect(policy.initialBackoff == .milliseconds(500))
        #expect(policy.maxBackoff == .seconds(30))
        #expect(policy.multiplier == 2)
        #expect(policy.jitter == 0.2)
        #expect(policy.maxTotalTime == .seconds(60))
        #expect(policy.retryableStatuses == [408, 429, 500, 502, 503, 504, 529])
        #expect(RetryPolicy.none.maxAttempts == 1)
        #expect(RetryPolicy.default == policy)
    }

    @Test func backoffGrowsExponentiallyAndIsCapped() {
        let policy = RetryPolicy(initialBackoff: .milliseconds(500), maxBackoff: .seconds(30), multiplier: 2, jitter: 0)
        let waits = (1...8).map { policy.backoff(forAttempt: $0, random: 0.9) }
        #expect(waits == [
            .milliseconds(500), .seconds(1), .seconds(2), .seconds(4),
            .seconds(8), .seconds(16), .seconds(30), .seconds(30),
        ])
        #expect(policy.backoff(forAttempt: 10_000, random: 0.5) == .seconds(30))
        #expect(policy.backoff(forAttempt: 0, random: 0.5) == .milliseconds(500))
    }

    @Test func jitterStaysWithinTheFraction() {
        let policy = RetryPolicy(initialBackoff: .seconds(10), maxBackoff: .seconds(100), jitter: 0.2)
        #expect(policy.backoff(forAttempt: 1, random: 0) == .seconds(8))
        #expect(policy.backoff(forAttempt: 1, random: 0.5) == .seconds(10))
        #expect(policy.backoff(forAttempt: 1, random: 0.75) == .seconds(11))
        for step in 0..<100 {
            let wait = policy.backoff(forAttempt: 1, random: Double(step) / 100)
            #expect(wait >= .seconds(8) && wait < .seconds(12))
        }
    }

    @Test func theCapHoldsWithJitterToo() {
        let policy = RetryPolicy(initialBackoff: .seconds(20), maxBackoff: .seconds(30), jitter: 0.5)
        #expect(policy.backoff(forAttempt: 2, random: 0.99) == .seconds(30))
        #expect(policy.backoff(forAttempt: 2, random: 0) == .seconds(15))
    }

    @Test func outOfRangeValuesAreClamped() {
        let policy = RetryPolicy(maxAttempts: 0, initialBackoff: .seconds(-1), multiplier: 0.5, jitter: 7)
        #expect(policy.maxAttempts == 1)
        #expect(policy.initialBackoff == .zero)
        #expect(policy.multiplier == 1)
        #expect(policy.jitter == 1)
    }
}

@Suite struct RetrierTests {
    @Test func returnsTheFirstSuccessWithoutWaiting() async throws {
        let time = FakeTime()
        let calls = CallCounter()
        let value = try await time.retrier().run(
            { attempt throws(Failure) in
                _ = calls.next()
                return "ok \(attempt)"
            },
            decide: { outcome, _ in
                if case .success = outcome { return .doNotRetry }
                return .retry(after: nil)
            },
            whenCancelled: { .cancelled }
        )
        #expect(value == "ok 1")
        #expect(calls.current == 1)
        #expect(time.sleeps.isEmpty)
    }

    @Test func retriesUntilSuccessWithGrowingBackoff() async throws {
        let time = FakeTime()
        let attempts = Mutex<[Int]>([])
        let value = try await time.retrier().run(
            { attempt throws(Failure) in
                attempts.withLock { $0.append(attempt) }
                if attempt < 3 { throw .transient(attempt: attempt) }
                return attempt * 10
            },
            decide: { outcome, _ in
                if case .failure(.transient) = outcome { return .retry(after: nil) }
                return .doNotRetry
            },
            whenCancelled: { .cancelled }
        )
        #expect(value == 30)
        #expect(attempts.withLock { $0 } == [1, 2, 3])
        #expect(time.sleeps == [.milliseconds(500), .seconds(1)])
    }

    @Test func stopsAtMaxAttemptsAndThrowsTheLastError() async throws {
        let time = FakeTime()
        let calls = CallCounter()
        await #expect(throws: Failure.transient(attempt: 4)) {
            try await time.retrier(RetryPolicy(maxAttempts: 4)).run(
                { attempt throws(Failure) -> Int in
                    _ = calls.next()
                    throw .transient(attempt: attempt)
                },
                decide: { _, _ in .retry(after: nil) },
                whenCancelled: { .cancelled }
            )
        }
        #expect(calls.current == 4)
        #expect(time.sleeps == [.milliseconds(500), .seconds(1), .seconds(2)])
    }

    @Test func doesNotRetryWhenTold() async throws {
        let time = FakeTime()
        let calls = CallCounter()
        await #expect(throws: Failure.fatal) {
            try await time.retrier().run(
                { _ throws(Failure) -> Int in
                    _ = calls.next()
                    throw .fatal
                },
                decide: { _, _ in .doNotRetry },
                whenCancelled: { .cancelled }
            )
        }
        #expect(calls.current == 1)
        #expect(time.sleeps.isEmpty)
    }

    @Test func stopsWhenTheNextWaitWouldExceedTheTotalTime() async throws {
        let time = FakeTime()
        let calls = CallCounter()
        // Each attempt takes 1 s; waits are 0.5 s then 1 s. After attempt 1: 1 + 0.5 <= 3, retry.
        // After attempt 2: 2.5 + 1 > 3, give up with attempt 2's error.
        let policy = RetryPolicy(maxAttempts: 10, maxTotalTime: .seconds(3))
        await #expect(throws: Failure.transient(attempt: 2)) {
            try await time.retrier(policy).run(
                { attempt throws(Failure) -> Int in
                    _ = calls.next()
                    time.advance(by: .seconds(1))
                    throw .transient(attempt: attempt)
                },
                decide: { _, _ in .retry(after: nil) },
                whenCancelled: { .cancelled }
            )
        }
        #expect(calls.current == 2)
        #expect(time.sleeps == [.milliseconds(500)])
    }

    @Test func honoursServerHintsEvenAboveMaxBackoff() async throws {
        let time = FakeTime()
        let policy = RetryPolicy(maxAttempts: 3, maxBackoff: .seconds(5))
        await #expect(throws: Failure.transient(attempt: 3)) {
            try await time.retrier(policy).run(
                { attempt throws(Failure) -> Int in throw .transient(attempt: attempt) },
                decide: { _, attempt in .retry(after: .seconds(7 * attempt)) },
                whenCancelled: { .cancelled }
            )
        }
        #expect(time.sleeps == [.seconds(7), .seconds(14)])
    }

    @Test func aHintBeyondTheTotalTimeStopsRetrying() async throws {
        let time = FakeTime()
        let calls = CallCounter()
        let value = try await time.retrier(RetryPolicy(maxTotalTime: .seconds(60))).run(
            { _ throws(Failure) -> String in
                _ = calls.next()
                return "busy"
            },
            decide: { _, _ in .retry(after: .seconds(61)) },
            whenCancelled: { .cancelled }
        )
        #expect(value == "busy")
        #expect(calls.current == 1)
        #expect(time.sleeps.isEmpty)
    }

    @Test func jitterComesFromTheInjectedRandomSource() async throws {
        let time = FakeTime()
        let policy = RetryPolicy(maxAttempts: 2, initialBackoff: .seconds(10), jitter: 0.2)
        _ = try? await time.retrier(policy, random: 0).run(
            { attempt throws(Failure) -> Int in throw .transient(attempt: attempt) },
            decide: { _, _ in .retry(after: nil) },
            whenCancelled: { .cancelled }
        )
        #expect(time.sleeps == [.seconds(8)])
    }

    @Test func beforeRetrySeesOnlyTheOutcomesThatAreDiscarded() async throws {
        let time = FakeTime()
        let discarded = Mutex<[Int]>([])
        let value = try await time.retrier(RetryPolicy(maxAttempts: 3)).run(
            { attempt throws(Failure) in attempt },
            decide: { _, _ in .retry(after: .milliseconds(1)) },
            beforeRetry: { outcome, attempt, wait in
                if case .success(let value) = outcome, wait == .milliseconds(1) {
                    discarded.withLock { $0.append(value * 100 + attempt) }
                }
            },
            whenCancelled: { .cancelled }
        )
        #expect(value == 3)
        #expect(discarded.withLock { $0 } == [101, 202])
    }

    @Test func cancellationDuringTheWaitStopsPromptly() async throws {
        let firstAttempt = TestSignal()
        let calls = CallCounter()
        let retrier = Retrier(
            policy: RetryPolicy(maxAttempts: 5),
            sleep: { try await Task.sleep(for: .seconds($0.components.seconds + 3_600)) },
            random: { 0.5 }
        )
        let task = Task { () throws(Failure) -> Int in
            try await retrier.run(
                { attempt throws(Failure) -> Int in
                    _ = calls.next()
                    firstAttempt.fire()
                    throw .transient(attempt: attempt)
                },
                decide: { _, _ in .retry(after: nil) },
                whenCancelled: { .cancelled }
            )
        }
        #expect(await firstAttempt.wait(timeout: TestPatience.safetyNet))
        task.cancel()
        let result = await task.result
        #expect(throws: Failure.cancelled) { try result.get() }
        #expect(calls.current == 1)
    }

    @Test func theUntypedVariantThrowsCancellationError() async throws {
        let started = TestSignal()
        let retrier = Retrier(sleep: { _ in try await Task.sleep(for: .seconds(3_600)) })
        let task = Task {
            try await retrier.run(
                { _ -> Int in
                    started.fire()
                    throw Failure.fatal
                },
                decide: { _, _ in .retry(after: .seconds(1)) }
            )
        }
        #expect(await started.wait(timeout: TestPatience.safetyNet))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
