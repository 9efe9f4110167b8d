import DaiBaiCore

/// Why a billing store (usage ledger, subscriptions, credits, processed webhook events)
/// could not read or write its state.
public enum BillingStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The underlying database failed; `operation` says what was attempted.
    case storage(operation: String, detail: String)
    /// A stored record could not be decoded.
    case corruptRecord(String)

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .storage(let operation, let detail): "Billing storage failed to \(operation): \(detail). Check that the database file is writable and not locked by another process."
        case .corruptRecord(let detail): "A billing record could not be decoded: \(detail)."
        }
    }
}

extension BillingStoreError {
    /// A storage error with the operation and SQLite detail of Core's `SQLiteDatabaseError`.
    init(_ error: SQLiteDatabaseError) {
        self = .storage(operation: error.operation, detail: error.detail)
    }
}
