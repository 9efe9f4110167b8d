import DaiBaiCore
import Foundation
import Logging

/// A ``UsagePolicy`` that lets a tenant spend while it has credits and its subscription is in
/// good standing.
///
/// Denials, with their ``UsageDenial/Code``:
/// - ``UsageDenial/Code/subscriptionInactive``: the subscription is `canceled`, `unpaid`,
///   `paused`, `incomplete` or `incomplete_expired` (or, with
///   ``Configuration/requireSubscription``, there is none).
/// - ``UsageDenial/Code/paymentPastDue``: the subscription is `past_due` (unless
///   ``Configuration/allowPastDue``).
/// - ``UsageDenial/Code/creditsExhausted``: the balance minus the credits reserved by requests
///   in progress is zero or less.
///
/// `active` and `trialing` subscriptions, and tenants with no subscription at all, are judged by
/// credits alone. A top-up or a paid invoice allows the tenant again.
///
/// ``authorize(_:)`` reserves ``CreditPricing/estimatedCredits(for:)`` in the same write
/// transaction that checks the balance, so concurrent requests cannot all see the same credits:
/// a request is allowed while anything is left, and the balance can end at most one request's
/// cost below zero. ``settle(_:events:)`` debits the request's events (once per event id, so
/// together with ``CreditsUsageSink`` nothing is charged twice) and releases the reservation in
/// one transaction. If the billing database fails, requests are denied (``UsageDenial/Code/other``).
///
/// A request whose tokens are not paid by the platform (``DaiBaiCore/UsageRequest/payer`` is
/// `tenant` or `byok`) reserves only its non-token charges (see ``CreditPricing``), and its
/// token events cost nothing when settled. When those charges are zero (``CreditPricing/creditsPerTask``
/// and ``CreditPricing/creditsPerQuery`` both 0) it costs the tenant nothing, so it is allowed
/// without a credit check and reserves nothing; the subscription rules still apply.
public struct CreditsUsagePolicy: UsagePolicy {
    /// Which subscription states block usage beyond the fixed rules.
    public struct Configuration: Sendable, Hashable {
        /// Let `past_due` subscriptions spend while Stripe retries the payment.
        public var allowPastDue: Bool
        /// Deny tenants that have no subscription at all.
        public var requireSubscription: Bool

        /// Creates a configuration; by default `past_due` blocks and no subscription is required.
        public init(allowPastDue: Bool = false, requireSubscription: Bool = false) {
            self.allowPastDue = allowPastDue
            self.requireSubscription = requireSubscription
        }
    }

    /// Where balances are kept.
    public let credits: SQLiteCreditsStore
    /// What requests and events cost.
    public let pricing: CreditPricing
    /// Which subscription states block usage.
    public let configuration: Configuration
    private let logger: Logger

    /// Creates the policy.
    public init(
        credits: SQLiteCreditsStore, pricing: CreditPricing = CreditPricing(), configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "daibai.billing.credits", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.credits = credits
        self.pricing = pricing
        self.configuration = configuration
        self.logger = logger
    }

    /// Allows `request` and reserves its estimated cost, or denies it with a typed reason.
    public func authorize(_ request: UsageRequest) async -> UsageDecision {
        let tenant = request.context.tenant
        let estimate = pricing.estimatedCredits(for: request)
        let configuration = self.configuration
        let now = credits.now()
        let cutoff = credits.reservationCutoff
        do {
            return try await credits.state.write("authorize a request of tenant \(tenant)") { db -> UsageDecision in
                let subscription = try SubscriptionsSQL.fetch(tenant: tenant, db)
                if let denial = Self.subscriptionDenial(subscription, tenant: tenant, configuration: configuration) {
                    return .deny(denial)
                }
                if estimate <= 0, !request.payer.isPlatformCharged {
                    // Nothing of this request is charged by the platform: no credits needed.
                    return .allow
                }
                try CreditsSQL.purgeReservations(before: cutoff, db)
                let balance = try CreditsSQL.balance(tenant: tenant, db)
                let reserved = try CreditsSQL.reserved(tenant: tenant, since: cutoff, db)
                guard balance - reserved > 0 else {
                    let inProgress = reserved > 0 ? ", \(reserved) reserved by requests in progress" : ""
                    return .deny(UsageDenial(.creditsExhausted, message: "Tenant \(tenant) has no credits left (balance \(balance)\(inProgress)). Top up credits, or wait for the next paid invoice."))
                }
                try CreditsSQL.reserve(requestID: request.id, tenant: tenant, amount: estimate, at: now, db)
                return .allow
            }
        } catch {
            if Task.isCancelled {
                // The reservation may have committed before the cancellation was noticed: release it
                // outside the cancelled task. Releasing a reservation that was never made does nothing.
                let state = credits.state
                _ = await Task { try? await state.write("release the reservation of a cancelled request") { db in try CreditsSQL.release(requestID: request.id, db) } }.value
                return .deny(.other("The request was cancelled before its credits were checked."))
            }
            logger.error("credits could not be checked; denying", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            return .deny(.other("Billing is unavailable, so the request was not allowed. Try again shortly."))
        }
    }

    /// Debits `events` (each once) and releases the request's reservation, in one transaction.
    public func settle(_ request: UsageRequest, events: [UsageEvent]) async {
        let pricing = self.pricing
        let date = credits.now()
        let tenant = request.context.tenant
        let own = events.filter { $0.tenant == tenant }
        do {
            try await credits.state.write("settle a request of tenant \(tenant)") { db in
                _ = try CreditsSQL.debit(own, pricing: pricing, at: date, db)
                try CreditsSQL.release(requestID: request.id, db)
            }
        } catch {
            logger.error("a credit reservation could not be settled; it lapses after the reservation timeout", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
        }
    }

    /// The denial the subscription's state calls for, if any.
    static func subscriptionDenial(_ subscription: TenantSubscription?, tenant: TenantID, configuration: Configuration) -> UsageDenial? {
        guard let status = subscription?.status else {
            return configuration.requireSubscription
                ? UsageDenial(.subscriptionInactive, message: "Tenant \(tenant) has no subscription. Subscribe to a plan to continue.")
                : nil
        }
        switch status {
        case .active, .trialing:
            return nil
        case .pastDue:
            return configuration.allowPastDue
                ? nil
                : UsageDenial(.paymentPastDue, message: "The latest payment for tenant \(tenant)'s subscription failed (past_due). Update the payment method; requests resume once the invoice is paid.")
        case .canceled:
            return UsageDenial(.subscriptionInactive, message: "Tenant \(tenant)'s subscription is canceled. Subscribe again to continue.")
        case .unpaid, .incomplete, .incompleteExpired, .paused:
            return UsageDenial(.subscriptionInactive, message: "Tenant \(tenant)'s subscription is not active (\(status.rawValue)). Complete the payment or subscribe again to continue.")
        }
    }
}
