import Foundation
import Metrics

/// The metrics of one Agent request, sent to the Agent's metrics factory with the names of
/// ``DaiBaiMetricName``. Created per request; holds nothing between requests.
struct AgentTelemetry {
    let factory: any MetricsFactory
    let tenant: String

    init(factory: any MetricsFactory, tenant: TenantID) {
        self.factory = factory
        self.tenant = TelemetryTenant.hashed(tenant)
    }

    func step(_ step: AgentStep, duration: Duration, succeeded: Bool) {
        Timer(label: DaiBaiMetricName.agentStepDuration, dimensions: [("step", step.rawValue), ("outcome", succeeded ? "ok" : "error")], factory: factory)
            .recordNanoseconds(duration.saturatingNanoseconds)
    }

    func request(provider: String, model: String, dialect: String, outcome: String, duration: Duration) {
        Counter(label: DaiBaiMetricName.agentRequests, dimensions: [("tenant", tenant), ("provider", provider), ("model", model), ("dialect", dialect), ("outcome", outcome)], factory: factory)
            .increment()
        Timer(label: DaiBaiMetricName.agentRequestDuration, dimensions: [("provider", provider), ("dialect", dialect), ("outcome", outcome)], factory: factory)
            .recordNanoseconds(duration.saturatingNanoseconds)
    }

    func guardRejection(dialect: String, rule: String) {
        Counter(label: DaiBaiMetricName.guardRejections, dimensions: [("dialect", dialect), ("rule", rule)], factory: factory).increment()
    }

    func correction(provider: String, reason: String) {
        Counter(label: DaiBaiMetricName.agentCorrections, dimensions: [("provider", provider), ("reason", reason)], factory: factory).increment()
    }

    func modelCall(provider: String, model: String, duration: Duration, outcome: String) {
        Timer(label: DaiBaiMetricName.llmRequestDuration, dimensions: [("provider", provider), ("model", model), ("outcome", outcome)], factory: factory)
            .recordNanoseconds(duration.saturatingNanoseconds)
    }

    func timeToFirstToken(provider: String, model: String, duration: Duration) {
        Timer(label: DaiBaiMetricName.llmTimeToFirstToken, dimensions: [("provider", provider), ("model", model)], factory: factory)
            .recordNanoseconds(duration.saturatingNanoseconds)
    }

    func tokens(provider: String, model: String, payer: UsagePayer, usage: TokenUsage) {
        for (type, count) in [("input", usage.inputTokens), ("output", usage.outputTokens)] where count > 0 {
            Counter(label: DaiBaiMetricName.llmTokens, dimensions: [("provider", provider), ("model", model), ("type", type), ("payer", payer.rawValue)], factory: factory)
                .increment(by: count)
        }
    }

    func cost(provider: String, model: String, payer: UsagePayer, usd: Decimal) {
        FloatingPointCounter(label: DaiBaiMetricName.llmEstimatedCost, dimensions: [("provider", provider), ("model", model), ("payer", payer.rawValue)], factory: factory)
            .increment(by: NSDecimalNumber(decimal: usd).doubleValue)
    }
}
