import DaiBaiAzure
import DaiBaiCore
import DaiBaiTelemetry
import Foundation
import Logging
import ServiceLifecycle
import Tracing

/// The Application Insights backends of a server process: an exporter, a metrics factory, a
/// tracer and log handlers that feed it.
///
/// Building it bootstraps nothing: the executable decides (`daibai-server serve` bootstraps
/// the logging, metrics and instrumentation systems with these when a connection string is
/// set). Run ``services`` first in the `ServiceGroup`, so the exporter stops last and sends
/// what the server produced while shutting down.
public struct ServerTelemetry: Sendable {
    /// Sends every item to the Application Insights ingestion endpoint.
    public let exporter: ApplicationInsightsExporter
    /// The swift-metrics backend (one snapshot per interval).
    public let metrics: ApplicationInsightsMetricsFactory
    /// The swift-distributed-tracing backend.
    public let tracer: ApplicationInsightsTracer

    /// Builds the backends for `settings`, or returns `nil` when no connection string is set.
    ///
    /// - Parameters:
    ///   - settings: Where telemetry goes.
    ///   - environment: The process environment, for the `DefaultAzureCredential` used when the
    ///     connection string says `Authorization=AAD`.
    ///   - transport: Sends the ingestion requests (and the credential's token requests).
    ///   - metricsInterval: How often metric snapshots are sent (60 s by default).
    ///   - logger: Receives the exporter's one line per failed request.
    /// - Throws: ``ServerSettingsError/invalidSetting(key:reason:)`` when the exporter cannot be
    ///   created (an unusable ingestion endpoint, or an Entra credential that cannot be built).
    public static func make(
        settings: ServerTelemetrySettings,
        environment: [String: String],
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        metricsInterval: Duration = .seconds(60),
        logger: Logger
    ) throws(ServerSettingsError) -> ServerTelemetry? {
        guard let connection = settings.connectionString else { return nil }
        var credential: (any TokenCredential)?
        if connection.authorization == .entra {
            let chain = DefaultAzureCredential(environment: environment, transport: transport, logger: logger)
            if let error = chain.configurationError {
                throw .invalidSetting(key: "applicationinsights.connection_string", reason: "Authorization=AAD needs an Entra credential: \(error)")
            }
            credential = chain
        }
        let exporter: ApplicationInsightsExporter
        do {
            exporter = try ApplicationInsightsExporter(
                connectionString: connection, transport: transport,
                configuration: ApplicationInsightsExporterConfiguration(
                    context: ApplicationInsightsTelemetryContext(cloudRole: "daibai-server")),
                credential: credential, logger: logger)
        } catch {
            throw .invalidSetting(key: "applicationinsights.connection_string", reason: "\(error)")
        }
        return ServerTelemetry(
            exporter: exporter,
            metrics: ApplicationInsightsMetricsFactory(exporter: exporter, interval: metricsInterval),
            tracer: ApplicationInsightsTracer(exporter: exporter))
    }

    /// A log handler for the logger `label` that sends lines at `level` and above.
    public func logHandler(label: String, level: Logger.Level = .info) -> ApplicationInsightsLogHandler {
        ApplicationInsightsLogHandler(label: label, exporter: exporter, logLevel: level)
    }

    /// The services to run before the server: the exporter, then the metrics snapshots.
    public var services: [any Service] { [exporter, metrics] }
}
