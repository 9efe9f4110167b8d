import DaiBaiTelemetry
import Logging
import Metrics
import Tracing

/// The wiring Docs/Telemetry-OTLP.md shows, checked by the compiler. Never called: the global
/// bootstrap functions can run only once per process, and tests use the backends directly.
@available(*, deprecated, message: "compile-time check only; never call")
func documentedWiringCompiles(_ otlp: DaiBaiOTLPBackends, _ prometheus: DaiBaiPrometheus) {
    LoggingSystem.bootstrap(otlp.logHandlerFactory)
    MetricsSystem.bootstrap(otlp.metricsFactory)
    InstrumentationSystem.bootstrap(otlp.tracer)
    MetricsSystem.bootstrap(prometheus.metricsFactory)
    LoggingSystem.bootstrap { label in
        MultiplexLogHandler([otlp.logHandlerFactory(label), StreamLogHandler.standardOutput(label: label)])
    }
}
