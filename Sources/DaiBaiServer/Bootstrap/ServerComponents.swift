import DaiBaiBilling
import DaiBaiCore
import ServiceLifecycle
import Tracing

/// Everything the server's routes use, built by ``ServerBootstrap`` from configuration or
/// assembled directly from fakes in tests. Nothing of a request is kept here.
public struct ServerComponents: Sendable {
    /// Answers questions.
    public var agent: Agent
    /// The chat history (conversation routes).
    public var chats: any ChatStore
    /// The tenants' registered databases (database routes).
    public var inventory: any DataInventory
    /// Where connection strings are kept (database routes).
    public var secrets: any SecretStore
    /// The bring-your-own-key vault; `nil` answers the key routes with 501.
    public var keyVault: (any UserKeyVault)?
    /// Applies Stripe's webhook deliveries; `nil` answers the webhook with 501.
    public var webhookHandler: StripeWebhookHandler?
    /// Bills the usage ledger to Stripe (the `MeterDrain` trigger); `nil` when metering is not configured.
    public var meterReporter: MeterReporter?
    /// Verifies callers.
    public var authenticator: any RequestAuthenticator
    /// Limits each tenant's request rate.
    public var rateLimiter: any RequestRateLimiter
    /// The `/readyz` probes.
    public var readinessChecks: [ReadinessCheck]
    /// How long each readiness probe may take.
    public var readinessTimeout: Duration
    /// The tracer of the server spans and of `traceparent` extraction; `nil` uses `InstrumentationSystem.tracer`.
    public var tracer: (any Tracer)?
    /// Long-running services to run next to the HTTP server (App Configuration refresh).
    public var services: [any Service]

    /// Assembles components.
    public init(
        agent: Agent, chats: any ChatStore, inventory: any DataInventory, secrets: any SecretStore,
        keyVault: (any UserKeyVault)? = nil, webhookHandler: StripeWebhookHandler? = nil, meterReporter: MeterReporter? = nil,
        authenticator: any RequestAuthenticator, rateLimiter: any RequestRateLimiter,
        readinessChecks: [ReadinessCheck] = [], readinessTimeout: Duration = .seconds(5), tracer: (any Tracer)? = nil, services: [any Service] = []
    ) {
        self.agent = agent
        self.chats = chats
        self.inventory = inventory
        self.secrets = secrets
        self.keyVault = keyVault
        self.webhookHandler = webhookHandler
        self.meterReporter = meterReporter
        self.authenticator = authenticator
        self.rateLimiter = rateLimiter
        self.readinessChecks = readinessChecks
        self.readinessTimeout = readinessTimeout
        self.tracer = tracer
        self.services = services
    }
}
