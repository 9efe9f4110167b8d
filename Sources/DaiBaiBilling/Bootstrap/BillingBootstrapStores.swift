import DaiBaiCore
import Logging
import Synchronization

/// The billing databases opened by one registry's factories, by path, so the `ledger` sink
/// and the `credits` policy of a stack share one ``SQLiteBillingState`` (and one ledger).
/// Owned by the registry's factory closures; nothing global.
final class BillingBootstrapStores: Sendable {
    private let ledgers = Mutex<[String: SQLiteUsageLedger]>([:])
    private let states = Mutex<[String: SQLiteBillingState]>([:])

    func ledger(at path: String, logger: Logger) throws(BillingStoreError) -> SQLiteUsageLedger {
        try Self.opened(path, in: ledgers) { () throws(BillingStoreError) in try SQLiteUsageLedger(path: path, logger: logger) }
    }

    func state(at path: String, logger: Logger) throws(BillingStoreError) -> SQLiteBillingState {
        try Self.opened(path, in: states) { () throws(BillingStoreError) in try SQLiteBillingState(path: path, logger: logger) }
    }

    /// The store already opened at `path`, or a new one from `open`, kept for next time.
    private static func opened<Store: Sendable>(
        _ path: String, in stores: borrowing Mutex<[String: Store]>, open: () throws(BillingStoreError) -> Store
    ) throws(BillingStoreError) -> Store {
        try stores.withLock { (opened: inout [String: Store]) throws(BillingStoreError) -> Store in
            if let store = opened[path] { return store }
            let store = try open()
            opened[path] = store
            return store
        }
    }
}
