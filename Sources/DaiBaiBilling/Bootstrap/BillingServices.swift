import DaiBaiCore
import Foundation
import Logging
import Metrics

/// The long-running parts of billing, built from a bootstrapped stack: the ``MeterReporter``
/// that bills the ledger to Stripe and the ``StripeWebhookHandler`` that applies Stripe's events.
///
/// The Stripe keys come from the stack's `SecretStore` (tenant `billing.owner_tenant`):
/// `STRIPE_API_KEY` for the reporter, `STRIPE_WEBHOOK_SECRET` for the handler. There is no
/// default for either; a missing one is ``BillingBootstrapError/missingSecret(name:)``.
public struct BillingServices: Sendable {
    /// The secret holding Stripe's API key.
    public static let apiKeySecretName = StripeClient.defaultSecretName
    /// The secret holding the webhook endpoint's signing secret (`whsec_…`).
    public static let webhookSecretName = "STRIPE_WEBHOOK_SECRET"

    /// The settings read from configuration.
    public let settings: BillingSettings
    /// The usage ledger the reporter drains.
    public let ledger: any UsageLedger
    /// Subscriptions, credits and processed webhook events.
    public let state: SQLiteBillingState
    /// Where the Stripe keys are read.
    public let secrets: any SecretStore
    private let logger: Logger

    /// Uses the stack's billing databases when its usage sink and policy are billing's
    /// (`ledger`, `credits`), and opens them under `storage.directory` otherwise.
    /// - Parameters:
    ///   - stack: A bootstrapped stack; its secret store holds the Stripe keys.
    ///   - logger: Where the services log; nothing is logged by default.
    public init(
        stack: DaiBaiStack,
        logger: Logger = Logger(label: "daibai.billing", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(BillingBootstrapError) {
        let settings: BillingSettings
        do {
            settings = try BillingSettings(config: stack.config, storageDirectory: stack.settings.storage.directory)
        } catch {
            throw .configuration(error)
        }
        let ledger: any UsageLedger
        let state: SQLiteBillingState
        do throws(BillingStoreError) {
            if let shared = Self.ledger(of: stack.usageSink) {
                ledger = shared
            } else {
                ledger = try SQLiteUsageLedger(path: settings.ledgerPath, logger: logger)
            }
            if let policy = stack.usagePolicy as? CreditsUsagePolicy {
                state = policy.credits.state
            } else {
                state = try SQLiteBillingState(path: settings.statePath, logger: logger)
            }
        } catch {
            throw .storage(error)
        }
        self.init(settings: settings, ledger: ledger, state: state, secrets: stack.secrets, logger: logger)
    }

    /// Uses the given parts.
    public init(
        settings: BillingSettings, ledger: any UsageLedger, state: SQLiteBillingState, secrets: any SecretStore,
        logger: Logger = Logger(label: "daibai.billing", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.settings = settings
        self.ledger = ledger
        self.state = state
        self.secrets = secrets
        self.logger = logger
    }

    /// Tenants' Stripe customers and subscriptions.
    public var subscriptions: SQLiteSubscriptionStore { SQLiteSubscriptionStore(state: state) }

    /// Tenants' credit balances.
    public var credits: SQLiteCreditsStore { SQLiteCreditsStore(state: state) }

    /// A reporter that bills the ledger to Stripe at `billing.stripe.base_url` with `STRIPE_API_KEY`,
    /// billing each tenant's Stripe customer from ``subscriptions``.
    /// - Parameters:
    ///   - transport: Sends the requests.
    ///   - configuration: Event names, batch size, interval and age limit.
    ///   - metricsFactory: Creates the reporter's counters.
    /// - Throws: ``BillingBootstrapError/missingSecret(name:)`` when `STRIPE_API_KEY` is not stored.
    public func meterReporter(
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        configuration: MeterReporterConfiguration = MeterReporterConfiguration(),
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) async throws(BillingBootstrapError) -> MeterReporter {
        _ = try await requireSecret(Self.apiKeySecretName)
        let stripe: StripeClient
        do {
            stripe = try StripeClient(
                secrets: secrets, secretName: Self.apiKeySecretName, context: ownerContext,
                baseURL: settings.stripeBaseURL, transport: transport, logger: logger)
        } catch {
            throw .stripe(error)
        }
        return MeterReporter(
            ledger: ledger, stripe: stripe, customers: subscriptions, configuration: configuration,
            logger: logger, metricsFactory: metricsFactory)
    }

    /// A handler that verifies deliveries with `STRIPE_WEBHOOK_SECRET` and applies them to
    /// ``state`` with the configured plans.
    /// - Parameter tolerance: How old a signature may be.
    /// - Throws: ``BillingBootstrapError/missingSecret(name:)`` when `STRIPE_WEBHOOK_SECRET` is not stored.
    public func webhookHandler(tolerance: Duration = .seconds(300)) async throws(BillingBootstrapError) -> StripeWebhookHandler {
        let secret = try await requireSecret(Self.webhookSecretName)
        return StripeWebhookHandler(
            verifier: StripeWebhookVerifier(secret: secret, tolerance: tolerance),
            state: state, plans: settings.plans, logger: logger)
    }

    private var ownerContext: RequestContext { RequestContext(tenant: settings.ownerTenant, user: .local) }

    private func requireSecret(_ name: String) async throws(BillingBootstrapError) -> SecretValue {
        let value: SecretValue?
        do {
            value = try await secrets.secret(named: try SecretName(validating: name), context: ownerContext)
        } catch {
            throw .secretStore(name: name, message: "\(error)")
        }
        guard let value, !value.revealed().isEmpty else { throw .missingSecret(name: name) }
        return value
    }

    /// The ledger behind a ``LedgerUsageSink``, possibly wrapped by a ``CreditsUsageSink``.
    private static func ledger(of sink: any UsageSink) -> (any UsageLedger)? {
        if let sink = sink as? LedgerUsageSink { return sink.ledger }
        if let sink = sink as? CreditsUsageSink { return ledger(of: sink.wrapped) }
        return nil
    }
}
