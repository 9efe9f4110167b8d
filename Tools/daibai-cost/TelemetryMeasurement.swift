import DaiBaiAzure
import DaiBaiAzureTestSupport
import DaiBaiCore
import DaiBaiTelemetry
import Foundation
import Logging
import Tracing

/// Telemetry bytes per ask: the Application Insights exporter, metrics factory, tracer
/// (bootstrapped as the process's tracer) and log handler, as an application wires them, with
/// the Agent over the Cosmos DB chat store on the loopback fake (so the Cosmos dependency spans
/// are in); every request body the exporter sends is counted as sent (gzip) and uncompressed
/// (``IngestionCountingTransport``). Spans and logs are flushed after the asks; the metrics are
/// one snapshot (``ApplicationInsightsMetricsFactory/export()``), sent once per interval per instance.
struct TelemetryMeasurement {
    struct Result {
        var bytesPerAsk: Double
        var gzipBytesPerAsk: Double
        var envelopesPerAsk: Double
        var metricBytesPerSnapshot: Double
        var metricEnvelopesPerSnapshot: Double
        var requests: Int
        var failures: [String]
    }

    static let metricInterval: Duration = .seconds(60)

    static func run(sample: SampleAgent, asks: Int = 40) async throws -> Result {
        let ingestion = IngestionCountingTransport()
        let connection = try ApplicationInsightsConnectionString(
            parsing: "InstrumentationKey=11111111-2222-3333-4444-555555555555;IngestionEndpoint=https://eastus-8.in.applicationinsights.azure.com/")
        let exporter = try ApplicationInsightsExporter(
            connectionString: connection, transport: ingestion,
            configuration: ApplicationInsightsExporterConfiguration(
                context: ApplicationInsightsTelemetryContext(cloudRole: "daibai-server", applicationVersion: "1.0.0")))
        let metrics = ApplicationInsightsMetricsFactory(exporter: exporter, interval: metricInterval)
        InstrumentationSystem.bootstrap(ApplicationInsightsTracer(exporter: exporter))
        let logger = Logger(label: "daibai.agent") { ApplicationInsightsLogHandler(label: $0, exporter: exporter, logLevel: .info) }

        return try await CosmosFakeServer.with { _, server in
            let client = try CosmosClient(
                endpoint: server.baseURL, authentication: .masterKey(SecretValue(CosmosFakeServer.emulatorKey)),
                logger: Logger(label: "daibai.cosmos") { ApplicationInsightsLogHandler(label: $0, exporter: exporter, logLevel: .info) })
            try await CosmosChatStore.provision(client: client, database: "daibai", container: "state")
            let store = CosmosChatStore(client: client, database: "daibai", container: "state")
            let context = RequestContext(tenant: try TenantID(validating: "acme"), user: try UserID(validating: "ana"))
            let agent = try await sample.agent(chats: store, context: context, metricsFactory: metrics, logger: logger)
            // Warm-up ask (schema load), then start counting from an empty buffer.
            _ = try await agent.ask(AgentRequest(question: SampleAgent.modelQuestions[0], context: context))
            await exporter.flush()
            _ = metrics.collect()
            ingestion.reset()

            var conversation: String?
            for index in 0..<asks {
                let question = index % 2 == 0
                    ? SampleAgent.cacheQuestions[(index / 2) % SampleAgent.cacheQuestions.count]
                    : SampleAgent.modelQuestions[(index / 2) % SampleAgent.modelQuestions.count]
                // Every third ask starts a conversation, the others continue it.
                let answer = try await agent.ask(AgentRequest(question: question, context: context, conversationID: index % 3 == 0 ? nil : conversation))
                conversation = answer.conversationID
            }
            await exporter.flush()
            let traces = ingestion.reset()
            metrics.export()
            await exporter.flush()
            let snapshot = ingestion.reset()
            return Result(
                bytesPerAsk: Double(traces.uncompressedBytes) / Double(asks),
                gzipBytesPerAsk: Double(traces.sentBytes) / Double(asks),
                envelopesPerAsk: Double(traces.envelopes) / Double(asks),
                metricBytesPerSnapshot: Double(snapshot.uncompressedBytes),
                metricEnvelopesPerSnapshot: Double(snapshot.metricEnvelopes),
                requests: traces.requests + snapshot.requests,
                failures: traces.failures + snapshot.failures)
        }
    }
}
