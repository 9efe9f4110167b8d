import DaiBaiCost
import Foundation

/// Runs every measurement and assembles ``Measurements`` with a line on how each was taken.
enum MeasurementRun {
    static func measure(progress: (String) -> Void) async throws -> Measurements {
        let sample = try SampleAgent.make()
        defer { sample.remove() }

        progress("measuring execution time per ask (verified cache, model path)…")
        let timing = try await ExecutionTimeMeasurement.run(sample: sample)
        progress("measuring Cosmos DB request units per ask…")
        let cosmos = try await CosmosRUMeasurement.run(sample: sample)
        progress("measuring the Key Vault cache…")
        let vault = try await KeyVaultMeasurement.run()
        progress("measuring App Configuration reloads…")
        let appConfig = try await AppConfigurationMeasurement.run()
        progress("measuring Application Insights bytes per ask…")
        let telemetry = try await TelemetryMeasurement.run(sample: sample)
        if let failure = telemetry.failures.first { throw CostToolError.measurement(failure) }

        let metricSeconds = AppConfigurationMeasurement.seconds(TelemetryMeasurement.metricInterval)
        let methods = [
            "Cosmos DB RU: the Agent (sample music store, fixed-SQL fake model, alternating verified-cache and model questions) with the SDK's CosmosChatStore on the Cosmos fake (Tests/DaiBaiAzureTestSupport) over real loopback HTTP, container provisioned by the SDK; RU = sum of the x-ms-request-charge headers of the responses the SDK received, read by a transport wrapped around the SDK's AsyncHTTPClientTransport (not from the fake's records). The fake's charge follows Microsoft Learn's published figures (CosmosFakeRequestCharge). \(cosmos.asks) asks in \(cosmos.asks / 3) conversations; stored bytes are the documents left in the tenant's partition per ask.",
            "Telemetry: ApplicationInsightsExporter + metrics factory + tracer (process tracer) + log handler, the Agent over the Cosmos chat store on the fake; every request body counted as sent (gzip) and gunzipped; \(telemetry.requests) ingestion requests. Spans and logs of 40 asks are flushed together; one metrics snapshot (every series the Agent emitted, \(CostModel.number(telemetry.metricEnvelopesPerSnapshot)) envelopes) is what each instance sends every \(CostModel.number(metricSeconds)) s. The Functions host's own telemetry is not included.",
            "Execution time: median of \(timing.samples) sequential asks per path after a warm-up, in this (debug) build, SQL executed on SQLite, chat history in memory; the fake model answers at once — the cost model adds the profile's model latency and its Cosmos DB latency per measured Cosmos request. Below the 1 s minimum billable period the in-process time does not change the bill. Prompt size: the mean characters of the messages sent to the model.",
            "Key Vault: KeyVaultSecretStore with its default cache over an in-memory vault on an injected clock, one read of one secret per second for a simulated hour: \(vault.callsMade) secret(named:) calls, \(CostModel.number(vault.readsPerSecretHour)) GETs reached the vault (plus \(vault.challengeProbes) unauthenticated challenge probe per store), so the TTL is \(CostModel.number(vault.impliedTTLSeconds)) s.",
            "App Configuration: AppConfigurationProvider with AzureBootstrap's selectors (key-values and feature flags) over an in-memory store, ten refresh() calls: \(CostModel.number(appConfig.requestsPerRefresh)) requests each (the first load made \(appConfig.initialLoadRequests)); its run() reloads every \(CostModel.number(appConfig.refreshSeconds)) s (azure.appconfig.refresh_seconds default) while the process runs.",
        ]
        return Measurements(
            cosmosRUPerNewConversationAsk: cosmos.newConversationRU, cosmosRUPerFollowUpAsk: cosmos.followUpRU,
            cosmosRUPerListRequest: cosmos.listRU, cosmosRequestsPerNewConversationAsk: cosmos.newConversationRequests,
            cosmosRequestsPerFollowUpAsk: cosmos.followUpRequests, cosmosStoredBytesPerAsk: cosmos.storedBytesPerAsk,
            telemetryBytesPerAsk: telemetry.bytesPerAsk, telemetryGzipBytesPerAsk: telemetry.gzipBytesPerAsk,
            telemetryEnvelopesPerAsk: telemetry.envelopesPerAsk, telemetryMetricBytesPerSnapshot: telemetry.metricBytesPerSnapshot,
            telemetryMetricIntervalSeconds: metricSeconds,
            secondsPerCacheAsk: timing.cacheSeconds, secondsPerModelAskWithoutModel: timing.modelSecondsWithoutModel,
            promptCharactersPerModelCall: timing.promptCharacters,
            keyVaultCacheTTLSeconds: vault.impliedTTLSeconds, keyVaultReadsPerSecretHour: vault.readsPerSecretHour,
            appConfigRequestsPerRefresh: appConfig.requestsPerRefresh, appConfigRefreshSeconds: appConfig.refreshSeconds,
            methods: methods)
    }
}
