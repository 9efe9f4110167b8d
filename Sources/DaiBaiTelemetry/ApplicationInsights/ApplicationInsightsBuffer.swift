import Foundation
import Synchronization

/// The exporter's bounded in-memory queue: oldest first, dropping the oldest when full.
///
/// Every operation takes one short lock and never suspends, so producers (log calls, span ends,
/// metric snapshots) are never held up by the network. The sending loop waits on ``waitForBatch(size:)``.
final class ApplicationInsightsBuffer: Sendable {
    private struct State {
        var items: [ApplicationInsightsEnvelope?]
        var head = 0
        var count = 0
        var dropped = 0
        var waiters: [UUID: (size: Int, continuation: CheckedContinuation<Void, Never>)] = [:]

        mutating func pushBack(_ item: ApplicationInsightsEnvelope) -> Int {
            let capacity = items.count
            if count == capacity {
                items[head] = item
                head = (head + 1) % capacity
                return 1
            }
            items[(head + count) % capacity] = item
            count += 1
            return 0
        }

        mutating func popFront() -> ApplicationInsightsEnvelope? {
            guard count > 0 else { return nil }
            let item = items[head]
            items[head] = nil
            head = (head + 1) % items.count
            count -= 1
            return item
        }

        /// Puts `batch` back in front, in order; when it does not fit, its oldest items are dropped.
        mutating func pushFront(_ batch: [ApplicationInsightsEnvelope]) -> Int {
            let capacity = items.count
            let room = capacity - count
            let kept = batch.suffix(room)
            for item in kept.reversed() {
                head = (head - 1 + capacity) % capacity
                items[head] = item
                count += 1
            }
            return batch.count - kept.count
        }

        mutating func readyWaiters() -> [CheckedContinuation<Void, Never>] {
            let ready = waiters.filter { count >= $0.value.size }
            for id in ready.keys { waiters.removeValue(forKey: id) }
            return ready.values.map(\.continuation)
        }
    }

    private let state: Mutex<State>
    /// The most items held.
    let capacity: Int

    /// A buffer of at most `capacity` items (at least 1).
    init(capacity: Int) {
        self.capacity = max(1, capacity)
        state = Mutex(State(items: Array(repeating: nil, count: max(1, capacity))))
    }

    /// Items held now.
    var count: Int { state.withLock { $0.count } }

    /// Items dropped so far because the buffer was full.
    var dropped: Int { state.withLock { $0.dropped } }

    /// Appends `item`; returns how many old items were dropped to make room (0 or 1).
    @discardableResult
    func append(_ item: ApplicationInsightsEnvelope) -> Int {
        let (dropped, ready) = state.withLock { state in
            let dropped = state.pushBack(item)
            state.dropped += dropped
            return (dropped, state.readyWaiters())
        }
        for waiter in ready { waiter.resume() }
        return dropped
    }

    /// Removes and returns up to `limit` of the oldest items.
    func take(upTo limit: Int) -> [ApplicationInsightsEnvelope] {
        state.withLock { state in
            var batch: [ApplicationInsightsEnvelope] = []
            batch.reserveCapacity(min(limit, state.count))
            while batch.count < limit, let item = state.popFront() { batch.append(item) }
            return batch
        }
    }

    /// Puts `batch` (older than everything held) back in front; returns how many did not fit
    /// and were dropped (the oldest of `batch`).
    @discardableResult
    func putBack(_ batch: [ApplicationInsightsEnvelope]) -> Int {
        guard !batch.isEmpty else { return 0 }
        let (dropped, ready) = state.withLock { state in
            let dropped = state.pushFront(batch)
            state.dropped += dropped
            return (dropped, state.readyWaiters())
        }
        for waiter in ready { waiter.resume() }
        return dropped
    }

    /// Returns once at least `size` items are held, or when the task is cancelled.
    func waitForBatch(size: Int) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.count >= size || Task.isCancelled { return true }
                    state.waiters[id] = (size, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume()
        }
    }
}
