import DaiBaiCore
import Foundation

/// Tenants' prepaid credit balances in a ``SQLiteBillingState`` file.
///
/// The balance is the sum of its ``CreditEntry``s: grants (top-ups, paid invoices) add, usage
/// subtracts; every entry has an idempotency id, so retries never count twice. Requests in
/// progress hold reservations (see ``CreditsUsagePolicy``); ``available(for:)`` subtracts them.
public struct SQLiteCreditsStore: Sendable {
    /// The database.
    public let state: SQLiteBillingState
    /// How long a reservation holds when its request never settles (a crash); then it lapses.
    public let reservationTimeout: Duration
    let now: @Sendable () -> Date

    /// Creates the store.
    /// - Parameters:
    ///   - state: The billing database.
    ///   - reservationTimeout: How long an unsettled reservation holds; 15 minutes by default.
    ///   - now: The clock.
    public init(state: SQLiteBillingState, reservationTimeout: Duration = .seconds(900), now: @escaping @Sendable () -> Date = { Date() }) {
        self.state = state
        self.reservationTimeout = reservationTimeout
        self.now = now
    }

    /// The tenant's balance: grants minus usage (can be negative by at most one request's cost).
    public func balance(for tenant: TenantID) async throws(BillingStoreError) -> Int64 {
        try await state.read("read the credit balance of tenant \(tenant)") { db in
            try CreditsSQL.balance(tenant: tenant, db)
        }
    }

    /// The balance minus the credits reserved by requests in progress.
    public func available(for tenant: TenantID) async throws(BillingStoreError) -> Int64 {
        let since = reservationCutoff
        return try await state.read("read the available credits of tenant \(tenant)") { db in
            try CreditsSQL.balance(tenant: tenant, db) - CreditsSQL.reserved(tenant: tenant, since: since, db)
        }
    }

    /// Adds `amount` credits to `tenant`, once per `id` (a top-up's payment id, for example).
    public func grant(tenant: TenantID, amount: Int64, reason: String, id: String) async throws(CreditsError) -> CreditGrantOutcome {
        guard amount > 0 else { throw .invalidAmount(amount) }
        guard !id.isEmpty else { throw .missingID }
        let date = now()
        return try await state.write("grant credits to tenant \(tenant)", mapError: CreditsError.store) { db in
            guard try CreditsSQL.insert(id: "top_up:\(id)", tenant: tenant, amount: amount, kind: .topUp, reason: reason, at: date, db) else {
                return .alreadyGranted
            }
            return .granted(balance: try CreditsSQL.balance(tenant: tenant, db))
        }
    }

    /// Debits the cost of `events` under `pricing`, each event once; returns the credits newly debited.
    @discardableResult
    public func debit(_ events: [UsageEvent], pricing: CreditPricing) async throws(BillingStoreError) -> Int64 {
        let date = now()
        return try await state.write("debit credits for \(events.count) usage events") { db in
            try CreditsSQL.debit(events, pricing: pricing, at: date, db)
        }
    }

    /// The tenant's entries, oldest first.
    public func entries(for tenant: TenantID) async throws(BillingStoreError) -> [CreditEntry] {
        try await state.read("read the credit entries of tenant \(tenant)") { db in
            try CreditsSQL.entries(tenant: tenant, db)
        }
    }

    /// Reservations made before this are lapsed.
    var reservationCutoff: Date {
        let seconds = Double(reservationTimeout.components.seconds) + Double(reservationTimeout.components.attoseconds) / 1e18
        return now().addingTimeInterval(-seconds)
    }
}
