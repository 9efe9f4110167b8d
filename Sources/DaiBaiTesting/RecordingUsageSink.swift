import DaiBaiCore
import Synchronization

/// A ``UsageSink`` that keeps every recorded ``UsageEvent`` in memory for assertions.
///
/// Events are deduplicated by ``UsageEvent/id``, as the protocol requires: recording an id
/// again, in the same batch or a later one, keeps only the first event with that id.
/// An injected failure makes ``record(_:)`` throw and keep nothing of that batch.
public final class RecordingUsageSink: UsageSink {
    private struct State {
        var events: [UsageEvent] = []
        var seenIDs: Set<UsageEvent.ID> = []
        var recordCallCount = 0
        var failure: UsageError?
    }

    private let state: Mutex<State>

    /// Creates a sink that fails every call with `failure` when it is given.
    public init(failure: UsageError? = nil) {
        self.state = Mutex(State(failure: failure))
    }

    /// Makes every later ``record(_:)`` call fail with `error`, or succeed again when `nil`.
    public func setFailure(_ error: UsageError?) {
        state.withLock { $0.failure = error }
    }

    /// Keeps the events whose ids were not recorded before; throws the configured failure, if any.
    public func record(_ events: [UsageEvent]) async throws(UsageError) {
        try state.withLock { (state) throws(UsageError) in
            state.recordCallCount += 1
            if let failure = state.failure { throw failure }
            for event in events where state.seenIDs.insert(event.id).inserted {
                state.events.append(event)
            }
        }
    }

    /// The distinct events recorded, in the order they were first recorded.
    public var events: [UsageEvent] {
        state.withLock { $0.events }
    }

    /// How many times ``record(_:)`` was called, including calls that failed.
    public var recordCallCount: Int {
        state.withLock { $0.recordCallCount }
    }

    /// The distinct events recorded for `tenant`, in order.
    public func events(for tenant: TenantID) -> [UsageEvent] {
        events.filter { $0.tenant == tenant }
    }

    /// The sum of the quantities of the distinct `kind` events recorded for `tenant`.
    public func totalQuantity(of kind: UsageKind, for tenant: TenantID) -> Int {
        events.reduce(0) { $1.kind == kind && $1.tenant == tenant ? $0 + $1.quantity : $0 }
    }

    /// The sum of quantities per kind of the distinct events recorded for `tenant`; kinds without events are absent.
    public func totals(for tenant: TenantID) -> [UsageKind: Int] {
        events(for: tenant).reduce(into: [:]) { $0[$1.kind, default: 0] += $1.quantity }
    }

    /// Forgets every recorded event and id, and resets ``recordCallCount``; the failure is kept.
    public func reset() {
        state.withLock {
            $0.events = []
            $0.seenIDs = []
            $0.recordCallCount = 0
        }
    }
}
