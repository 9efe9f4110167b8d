import DaiBaiCore
import DaiBaiTelemetry
import DaiBaiTestSupport
import Foundation
import Logging
import Metrics

/// Shared set-up of the Application Insights tests.
enum AITest {
    /// The instrumentation key of the test resource (a made-up GUID).
    static let key = "11111111-2222-3333-4444-555555555555"

    /// A retrier whose waits (1 ms each, so they happen) go to `sleep`, which by default returns
    /// at once; it never runs out of time.
    static func instantRetrier(attempts: Int = 3, sleep: @escaping @Sendable (Duration) async throws -> Void = { _ in }) -> Retrier {
        let fixed = ContinuousClock.now
        return Retrier(
            policy: RetryPolicy(maxAttempts: attempts, initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(1), jitter: 0, maxTotalTime: .seconds(86_400)),
            sleep: sleep, random: { 0.5 }, now: { fixed }
        )
    }

    /// A configuration whose timeouts never decide a test (the suite runs on busy machines).
    static func configuration(capacity: Int = 100, batch: Int = 10) -> ApplicationInsightsExporterConfiguration {
        ApplicationInsightsExporterConfiguration(
            bufferCapacity: capacity, maxBatchSize: batch, flushInterval: TestPatience.generous,
            requestTimeout: TestPatience.generous, shutdownFlushTimeout: TestPatience.generous,
            context: ApplicationInsightsTelemetryContext(cloudRole: "daibai-test", cloudRoleInstance: "test-host")
        )
    }

    static func connectionString(_ server: LoopbackHTTPServer, extra: String = "") throws -> ApplicationInsightsConnectionString {
        try ApplicationInsightsConnectionString(parsing: "InstrumentationKey=\(key);IngestionEndpoint=\(server.baseURL)/\(extra)")
    }

    static func exporter(
        _ server: LoopbackHTTPServer,
        configuration: ApplicationInsightsExporterConfiguration = AITest.configuration(),
        credential: (any TokenCredential)? = nil,
        retrier: Retrier = AITest.instantRetrier(),
        logger: Logger = Logger(label: "daibai.test.appinsights") { SwiftLogNoOpLogHandler($0) },
        metrics: any MetricsFactory = NOOPMetricsHandler.instance,
        extra: String = ""
    ) throws -> ApplicationInsightsExporter {
        try ApplicationInsightsExporter(
            connectionString: connectionString(server, extra: extra), transport: AsyncHTTPClientTransport(),
            configuration: configuration, credential: credential, retrier: retrier, logger: logger, metricsFactory: metrics
        )
    }

    /// Runs `body` with a fake ingestion endpoint.
    static func withIngestion<T>(_ body: (ApplicationInsightsIngestionFake, LoopbackHTTPServer) async throws -> T) async throws -> T {
        let fake = ApplicationInsightsIngestionFake(instrumentationKey: key)
        return try await withLoopbackServer([fake.route]) { server in try await body(fake, server) }
    }

    /// A message envelope with the text `text`.
    static func message(_ text: String) -> ApplicationInsightsEnvelope {
        ApplicationInsightsEnvelope(
            time: Date(timeIntervalSince1970: 1_700_000_000.25),
            data: .message(ApplicationInsightsMessageData(message: text, severityLevel: .information))
        )
    }
}
