import DaiBaiBilling
import DaiBaiCore
import Foundation
import Synchronization

/// A clock tests move by hand.
final class SubscriptionTestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    /// The clock as the closure the billing types take.
    var closure: @Sendable () -> Date { { [self] in self.now } }
}

extension TenantID {
    /// A tenant id for tests; the literals used are valid identifiers.
    static func billingTest(_ value: String) throws -> TenantID { try TenantID(validating: value) }
}
