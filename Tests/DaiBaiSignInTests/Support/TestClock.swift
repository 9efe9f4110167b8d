import Foundation
import Synchronization

/// A wall clock the test moves by hand; token times and the refetch limits read it.
final class TestClock: Sendable {
    /// 2026-01-01T00:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_767_225_600)

    private let current = Mutex(TestClock.start)

    /// The current test time.
    func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
