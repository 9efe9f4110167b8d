import Foundation
import Logging
import Metrics
import OTel
import ServiceLifecycle
import Tracing

/// The entry point of OTLP export: makes swift-otel's logging, metrics and tracing backends for
/// one collector, for an application to bootstrap (libraries never do).
///
/// ```swift
/// let backends = try DaiBaiOTLP.makeBackends(
///     serviceName: "daibai-server",
///     endpoint: "https://otlp.example.com",
///     headers: ["api-key": otlpAPIKey])
/// MetricsSystem.bootstrap(backends.metricsFactory)
/// InstrumentationSystem.bootstrap(backends.tracer)
/// LoggingSystem.bootstrap(backends.logHandlerFactory)
/// // run backends.service in the application's ServiceGroup
/// ```
///
/// Each signal is posted to `<endpoint>/v1/traces`, `/v1/metrics` and `/v1/logs`. The `OTEL_*`
/// environment variables override the configuration (see ``DaiBaiOTLPConfiguration``). Header
/// values are never logged: swift-otel's diagnostics pass through a redacting handler first.
public enum DaiBaiOTLP {
    /// Makes the backends for a collector at `endpoint`, with the other settings at their
    /// defaults.
    /// - Parameters:
    ///   - serviceName: The service's name (`service.name`).
    ///   - endpoint: The collector's OTLP/HTTP base URL, e.g. `http://localhost:4318`.
    ///   - headers: Extra header fields (API keys) of every export request.
    ///   - protocol: The encoding of export requests (binary protobuf by default).
    ///   - resourceAttributes: Further resource attributes, e.g. `deployment.environment.name`.
    /// - Throws: ``DaiBaiOTLPError`` when a setting is unusable or swift-otel refuses one.
    public static func makeBackends(
        serviceName: String,
        endpoint: String = "http://localhost:4318",
        headers: DaiBaiOTLPHeaders = [:],
        protocol: DaiBaiOTLPProtocol = .httpProtobuf,
        resourceAttributes: [String: String] = [:]
    ) throws(DaiBaiOTLPError) -> DaiBaiOTLPBackends {
        try makeBackends(configuration: DaiBaiOTLPConfiguration(
            serviceName: serviceName, endpoint: endpoint, headers: headers,
            protocol: `protocol`, resourceAttributes: resourceAttributes))
    }

    /// Makes the backends described by `configuration`.
    ///
    /// With `OTEL_SDK_DISABLED=true` in the environment every backend is a no-op, ``DaiBaiOTLPBackends/signals``
    /// is empty and the service only waits for its graceful shutdown.
    /// - Throws: ``DaiBaiOTLPError`` when a setting is unusable or swift-otel refuses one.
    public static func makeBackends(configuration: DaiBaiOTLPConfiguration) throws(DaiBaiOTLPError) -> DaiBaiOTLPBackends {
        try makeBackends(configuration: configuration, environment: ProcessInfo.processInfo.environment)
    }

    /// ``makeBackends(configuration:)`` reading `OTEL_SDK_DISABLED` from `environment` (swift-otel
    /// still reads its other `OTEL_*` overrides from the process).
    static func makeBackends(
        configuration: DaiBaiOTLPConfiguration, environment: [String: String]
    ) throws(DaiBaiOTLPError) -> DaiBaiOTLPBackends {
        let diagnostics = configuration.makeRedactingDiagnosticLogger()
        let otel = try configuration.makeOTelConfiguration(diagnostics: diagnostics)
        if environment["OTEL_SDK_DISABLED"]?.lowercased() == "true" {
            diagnostics.info("OTEL_SDK_DISABLED=true: OTLP export is off, every backend is a no-op")
            return DaiBaiOTLPBackends(
                logHandlerFactory: { SwiftLogNoOpLogHandler($0) }, metricsFactory: NOOPMetricsHandler.instance,
                tracer: NoOpTracer(), service: OTLPIdleService(), signals: [])
        }
        var services: [any Service] = []

        var logHandlerFactory: @Sendable (String) -> any LogHandler = { SwiftLogNoOpLogHandler($0) }
        if configuration.signals.contains(.logs) {
            let backend = try backend(.logs) { try OTel.makeLoggingBackend(configuration: otel) }
            logHandlerFactory = backend.factory
            services.append(backend.service)
        }
        var metricsFactory: any MetricsFactory = NOOPMetricsHandler.instance
        if configuration.signals.contains(.metrics) {
            let backend = try backend(.metrics) { try OTel.makeMetricsBackend(configuration: otel) }
            metricsFactory = backend.factory
            services.append(backend.service)
        }
        var tracer: any Tracer = NoOpTracer()
        if configuration.signals.contains(.traces) {
            let backend = try backend(.traces) { try OTel.makeTracingBackend(configuration: otel) }
            tracer = backend.factory
            services.append(backend.service)
        }

        // A group shuts its services down in reverse order: traces, then metrics, then logs, so
        // log lines written while the others flush are still exported.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services.map {
                .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                      failureTerminationBehavior: .gracefullyShutdownGroup)
            },
            logger: diagnostics))
        return DaiBaiOTLPBackends(
            logHandlerFactory: logHandlerFactory, metricsFactory: metricsFactory, tracer: tracer,
            service: group, signals: configuration.signals)
    }

    private static func backend<T>(_ signal: DaiBaiOTLPSignal, _ make: () throws -> T) throws(DaiBaiOTLPError) -> T {
        do {
            return try make()
        } catch {
            throw .backendUnavailable(signal: signal, reason: "\(error)")
        }
    }
}
