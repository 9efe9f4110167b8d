import Synchronization

/// Runs one connector operation under a deadline and the caller's task cancellation.
///
/// The operation runs in its own task; a timer runs beside it. Whichever comes first wins: when
/// the deadline wins, `interrupt` is called and the operation's task is cancelled, and the call
/// throws ``DatabaseError/timedOut(_:)``. When the caller's task is cancelled, `interrupt` is
/// called too and the call throws ``DatabaseError/cancelled``. After an interrupt the call waits
/// for the operation to stop, but at most `grace`: a driver that never returns from a cancelled
/// call cannot hold the caller past its deadline (the stuck task is left to end on its own).
enum QueryDeadline {
    private enum Outcome<T: Sendable>: Sendable {
        case finished(Result<T, DatabaseError>)
        case deadline
        case cancelled

        var isDeadline: Bool {
            if case .deadline = self { return true }
            return false
        }
    }

    /// How long an interrupted operation may take to stop before the call returns without it.
    static let grace: Duration = .seconds(10)

    /// Checks that `options` can be honoured.
    static func validate(_ options: QueryOptions) throws(DatabaseError) {
        guard options.maxRows >= 0 else {
            throw .misconfigured("QueryOptions.maxRows is \(options.maxRows); use zero or more rows")
        }
        guard options.timeout > .zero else {
            throw .misconfigured("QueryOptions.timeout is \(options.timeout); use a positive duration")
        }
    }

    /// Runs `operation`, stopping it after `timeout`; `interrupt` makes a running operation stop promptly.
    static func run<T: Sendable>(
        timeout: Duration,
        grace: Duration = QueryDeadline.grace,
        interrupt: @escaping @Sendable () -> Void,
        _ operation: @escaping @Sendable () async -> Result<T, DatabaseError>
    ) async throws(DatabaseError) -> T {
        if Task.isCancelled { throw .cancelled }
        let race = FirstOutcome<Outcome<T>>()
        let work = Task { race.resolve(.finished(await operation())) }
        let timer = Task {
            do { try await Task.sleep(for: timeout) } catch { return }
            race.resolve(.deadline)
        }
        let outcome = await withTaskCancellationHandler {
            await race.value()
        } onCancel: {
            race.resolve(.cancelled)
        }
        timer.cancel()
        switch outcome {
        case .finished(.success(let value)):
            return value
        case .finished(.failure(let error)):
            if Task.isCancelled, error != .timedOut(timeout) { throw .cancelled }
            throw error
        case .deadline, .cancelled:
            interrupt()
            work.cancel()
            await stopped(work, within: grace)
            throw outcome.isDeadline ? .timedOut(timeout) : .cancelled
        }
    }

    /// Waits until `work` has finished, or `grace` has passed; returns whether it finished.
    @discardableResult
    static func stopped(_ work: Task<Void, Never>, within grace: Duration) async -> Bool {
        let race = FirstOutcome<Bool>()
        Task {
            await work.value
            race.resolve(true)
        }
        let timer = Task {
            do { try await Task.sleep(for: grace) } catch { return }
            race.resolve(false)
        }
        let finished = await race.value()
        timer.cancel()
        return finished
    }
}

/// A one-shot value: the first ``resolve(_:)`` wins; ``value()`` waits for it.
final class FirstOutcome<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiters: [CheckedContinuation<Value, Never>] = []
    }

    private let state = Mutex(State())

    /// Sets the value unless one is set already.
    func resolve(_ value: Value) {
        let waiters = state.withLock { state -> [CheckedContinuation<Value, Never>] in
            guard state.value == nil else { return [] }
            state.value = value
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: value) }
    }

    /// The value, once set.
    func value() async -> Value {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Value? in
                if let value = state.value { return value }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
