import Logging
import Metrics
import ServiceLifecycle
import Tracing

/// What ``DaiBaiOTLP/makeBackends(configuration:)`` returns: the backends for the application
/// to bootstrap, and the service that exports what they record.
///
/// ```swift
/// LoggingSystem.bootstrap(backends.logHandlerFactory)
/// MetricsSystem.bootstrap(backends.metricsFactory)
/// InstrumentationSystem.bootstrap(backends.tracer)
/// let group = ServiceGroup(services: [backends.service, server], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
///
/// Nothing is bootstrapped here: the global systems can be bootstrapped once per process, and
/// only the application knows what else goes into them (a multiplex with console logging, say).
/// The backends of a disabled signal are no-ops (`SwiftLogNoOpLogHandler`,
/// `NOOPMetricsHandler`, `NoOpTracer`).
public struct DaiBaiOTLPBackends: Sendable {
    /// Makes the log handler of a `Logger`: for `LoggingSystem.bootstrap`, or
    /// `Logger(label:factory:)`. Records carry the trace and span of the current span.
    public let logHandlerFactory: @Sendable (String) -> any LogHandler
    /// The metrics factory, for `MetricsSystem.bootstrap` or the `factory:` of a metric.
    public let metricsFactory: any MetricsFactory
    /// The tracer, for `InstrumentationSystem.bootstrap` or direct use. It extracts and injects
    /// W3C `traceparent` / `tracestate` headers.
    public let tracer: any Tracer
    /// Runs the exporters and batch processors; run it in the application's `ServiceGroup`.
    /// Its graceful shutdown exports everything still buffered (spans, log records, one last
    /// metrics read) before it returns.
    public let service: any Service
    /// The signals that are exported (the others have no-op backends).
    public let signals: Set<DaiBaiOTLPSignal>

    /// A logger whose handler comes from ``logHandlerFactory``, without touching `LoggingSystem`.
    public func logger(label: String) -> Logger {
        Logger(label: label, factory: logHandlerFactory)
    }
}
