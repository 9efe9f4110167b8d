import DaiBaiCost
import Foundation

/// Round figures for the model's arithmetic, so the tests' expectations can be computed by hand.
enum CostFixtures {
    static func measurements(
        newRU: Double = 40, followUpRU: Double = 50, listRU: Double = 10, storedBytes: Double = 2_000,
        telemetryBytes: Double = 10_000, metricBytes: Double = 5_000, refreshSeconds: Double = 30, requestsPerRefresh: Double = 2
    ) -> Measurements {
        Measurements(
            cosmosRUPerNewConversationAsk: newRU, cosmosRUPerFollowUpAsk: followUpRU, cosmosRUPerListRequest: listRU,
            cosmosRequestsPerNewConversationAsk: 7, cosmosRequestsPerFollowUpAsk: 9, cosmosStoredBytesPerAsk: storedBytes,
            telemetryBytesPerAsk: telemetryBytes, telemetryGzipBytesPerAsk: 1_000, telemetryEnvelopesPerAsk: 20,
            telemetryMetricBytesPerSnapshot: metricBytes, telemetryMetricIntervalSeconds: 60,
            secondsPerCacheAsk: 0.05, secondsPerModelAskWithoutModel: 0.05, promptCharactersPerModelCall: 4_000,
            keyVaultCacheTTLSeconds: 30, keyVaultReadsPerSecretHour: 120,
            appConfigRequestsPerRefresh: requestsPerRefresh, appConfigRefreshSeconds: refreshSeconds, methods: ["test figures"])
    }

    static let profile = UsageProfile(
        activeUserShare: 0.5, questionsPerActiveUser: 10, verifiedCacheShare: 0.2, newConversationShare: 0.4,
        otherRequestsPerQuestion: 1, usersPerTenant: 5, relayTenantShare: 0.5, listenersPerRelayTenant: 1,
        relayKilobytesPerQuestion: 100, modelLatencySeconds: 2, modelAttemptsPerQuestion: 1, cosmosLatencySeconds: 0,
        outputTokensPerCall: 100, promptSizeFactor: 1, instanceMemoryGB: 2, perInstanceConcurrency: 16,
        activeHoursPerMonth: 200, meterDrainIntervalSeconds: 60, meterDrainSeconds: 0.05,
        keyVaultReferencesInAppConfig: 2, tenantSecretsPerAsk: 2, historyRetentionMonths: 12,
        billedShareOfTelemetryJSON: 1, otherRequestTelemetryShare: 0, staticWebAppsStandardFromUsers: 100,
        functionsStorageGB: 1, usesAPIManagement: true)

    /// The package's unit-price data file.
    static var pricesPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("infra/cost/unit-prices.json").path
    }

    static func prices() throws -> UnitPrices {
        try UnitPrices.load(path: pricesPath)
    }

    static func price(_ id: String, price: Double, unitSize: Double = 1, freeGrant: Double = 0,
                      period: UnitPrice.GrantPeriod = .month, tiers: [UnitPrice.Tier]? = nil) -> UnitPrice {
        UnitPrice(id: id, service: "Test", meter: "test meter", unit: "unit", unitSize: unitSize, price: price,
                  freeGrant: freeGrant, freeGrantPeriod: freeGrant > 0 ? period : .none, tiers: tiers,
                  source: "https://example.com/pricing", retrieved: "2026-12-03", confirmed: true)
    }
}
