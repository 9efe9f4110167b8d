import Tracing

/// Marks the exporter's own work, so the tracer and the log handler of this module do not turn
/// the exporter's HTTP requests and log lines into more telemetry (a feedback loop).
enum ApplicationInsightsExportSuppression: InstrumentationContextKey {
    typealias Value = Bool

    /// Whether the current task is exporting.
    static var isActive: Bool { InstrumentationContext.current?[Self.self] ?? false }

    /// Runs `operation` marked as export work.
    static func run<T>(_ operation: () async -> T) async -> T {
        var context = InstrumentationContext.current ?? .topLevel
        context[Self.self] = true
        return await InstrumentationContext.$current.withValue(context) { await operation() }
    }
}
