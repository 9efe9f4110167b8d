import Logging
import OTel

extension DaiBaiOTLPConfiguration {
    /// The swift-otel configuration for these settings, validated. It carries the header
    /// values in plain text: it never leaves ``DaiBaiOTLP``.
    func makeOTelConfiguration(diagnostics: Logger) throws(DaiBaiOTLPError) -> OTel.Configuration {
        try validate()
        var configuration = OTel.Configuration.default
        configuration.serviceName = serviceName
        configuration.resourceAttributes = resourceAttributes
        configuration.propagators = [.traceContext]

        configuration.diagnosticLogger = .custom(diagnostics)
        configuration.diagnosticLogLevel = diagnosticLogger.map { Self.otelLevel($0.logLevel) } ?? .info

        let batchTimeout = max(exportTimeout, .seconds(30))

        configuration.traces.enabled = signals.contains(.traces)
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter = try exporter(for: .traces)
        configuration.traces.batchSpanProcessor.scheduleDelay = spanExportDelay
        configuration.traces.batchSpanProcessor.exportTimeout = batchTimeout

        configuration.metrics.enabled = signals.contains(.metrics)
        configuration.metrics.exporter = .otlp
        configuration.metrics.otlpExporter = try exporter(for: .metrics)
        configuration.metrics.exportInterval = metricExportInterval
        configuration.metrics.exportTimeout = batchTimeout

        configuration.logs.enabled = signals.contains(.logs)
        configuration.logs.exporter = .otlp
        configuration.logs.otlpExporter = try exporter(for: .logs)
        configuration.logs.level = Self.otelLevel(logLevel)
        configuration.logs.batchLogRecordProcessor.scheduleDelay = logExportDelay
        configuration.logs.batchLogRecordProcessor.exportTimeout = batchTimeout
        return configuration
    }

    /// The logger swift-otel's diagnostics go to: ``diagnosticLogger`` (or standard error)
    /// behind a handler that removes header values.
    func makeRedactingDiagnosticLogger() -> Logger {
        let base = diagnosticLogger ?? Logger(label: "swift-otel") { StreamLogHandler.standardError(label: $0) }
        let secrets = headers.secretValues()
        var redacting = Logger(label: base.label) { _ in OTLPRedactingLogHandler(base: base, secrets: secrets) }
        redacting.logLevel = base.logLevel
        return redacting
    }

    private func exporter(for signal: DaiBaiOTLPSignal) throws(DaiBaiOTLPError) -> OTel.Configuration.OTLPExporterConfiguration {
        var exporter = OTel.Configuration.OTLPExporterConfiguration.default
        // Set explicitly, swift-otel posts to this URL as it is.
        exporter.endpoint = try url(for: signal)
        exporter.protocol = self.protocol.otel
        exporter.headers = headers.revealedPairs()
        exporter.timeout = exportTimeout
        return exporter
    }

    /// swift-otel's levels have no `notice` or `critical`: they map to the next more verbose one.
    private static func otelLevel(_ level: Logger.Level) -> OTel.Configuration.LogLevel {
        switch level {
        case .trace: .trace
        case .debug: .debug
        case .info, .notice: .info
        case .warning: .warning
        case .error, .critical: .error
        }
    }
}
