/// One of the three OpenTelemetry signals an OTLP collector receives.
public enum DaiBaiOTLPSignal: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Spans, sent to `POST <endpoint>/v1/traces`.
    case traces
    /// Metric data points, sent to `POST <endpoint>/v1/metrics`.
    case metrics
    /// Log records, sent to `POST <endpoint>/v1/logs`.
    case logs

    /// The path OTLP/HTTP appends to the collector's base URL for this signal, e.g. `v1/traces`.
    public var relativePath: String { "v1/\(rawValue)" }

    /// The signal's name: `traces`, `metrics` or `logs`.
    public var description: String { rawValue }
}
