/// Runs one connector operation under a deadline and the caller's task cancellation.
///
/// The operation runs in a child task; a second child sleeps until the deadline. Whichever
/// finishes first wins: when the deadline wins, `interrupt` is called and the operation's task
/// is cancelled, and the call throws ``DatabaseError/timedOut(_:)``. When the caller's task is
/// cancelled, `interrupt` is called too and the call throws ``DatabaseError/cancelled``.
/// The call returns only after the operation's task has finished, so nothing outlives it.
enum QueryDeadline {
    private enum Outcome<T: Sendable>: Sendable {
        case finished(Result<T, DatabaseError>)
        case deadline
    }

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
        interrupt: @escaping @Sendable () -> Void,
        _ operation: @escaping @Sendable () async -> Result<T, DatabaseError>
    ) async throws(DatabaseError) -> T {
        if Task.isCancelled { throw .cancelled }
        let result: Result<T, DatabaseError>
        do {
            result = try await withTaskCancellationHandler {
                try await withThrowingTaskGroup(of: Outcome<T>.self) { group in
                    group.addTask { .finished(await operation()) }
                    group.addTask {
                        try await Task.sleep(for: timeout)
                        return .deadline
                    }
                    guard let first = try await group.next() else { return .failure(.cancelled) }
                    switch first {
                    case .finished(let result):
                        group.cancelAll()
                        return result
                    case .deadline:
                        interrupt()
                        group.cancelAll()
                        return .failure(.timedOut(timeout))
                    }
                }
            } onCancel: {
                interrupt()
            }
        } catch {
            // Only the sleeping child throws, and only when the caller's task was cancelled.
            throw .cancelled
        }
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            if Task.isCancelled, error != .timedOut(timeout) { throw .cancelled }
            throw error
        }
    }
}
