import Prometheus

/// A Prometheus registry, the swift-metrics factory that records into it, and the scrape
/// handler that renders it — for an application to bootstrap and serve (libraries never do).
///
/// ```swift
/// let prometheus = DaiBaiPrometheus()
/// MetricsSystem.bootstrap(prometheus.metricsFactory)
/// // in the application's HTTP server, for GET /metrics:
/// let scrape = prometheus.scrapeHandler.scrape()
/// // respond 200 with scrape.body and Content-Type: scrape.contentType
/// ```
///
/// Each instance has its own registry (never swift-prometheus's process-wide default one), so
/// tests and several registries in one process stay apart. The factory puts a metric's
/// dimensions in name order and keeps the last of repeated names, so `[("b", …), ("a", …)]`
/// and `[("a", …), ("b", …)]` are one time series.
///
/// swift-prometheus stops the process when one name is registered as two kinds of metric (a
/// counter and a timer), or both with and without dimensions: give each metric one kind and
/// one set of dimension names. DaiBai's own metrics (`DaiBaiMetricName`) always carry dimensions.
public struct DaiBaiPrometheus: Sendable {
    /// The registry every metric of ``metricsFactory`` lives in.
    public let registry: PrometheusCollectorRegistry
    /// The swift-metrics factory, for `MetricsSystem.bootstrap` or the `factory:` of a metric.
    /// Timers become histograms in seconds, recorders with `aggregate: true` value histograms,
    /// other recorders and meters gauges.
    public let metricsFactory: PrometheusMetricsFactory
    /// Renders ``registry`` in the text exposition format.
    public let scrapeHandler: PrometheusScrapeHandler

    /// A new registry with its factory and scrape handler.
    /// - Parameters:
    ///   - registry: The registry to record into; a new one by default.
    ///   - durationBuckets: The upper bounds of timers' histogram buckets; swift-prometheus's
    ///     defaults (5 ms … 10 s) when `nil`.
    ///   - valueBuckets: The upper bounds of aggregating recorders' histogram buckets;
    ///     swift-prometheus's defaults (5 … 10 000) when `nil`.
    public init(
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        durationBuckets: [Duration]? = nil,
        valueBuckets: [Double]? = nil
    ) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        if let durationBuckets { factory.defaultDurationHistogramBuckets = durationBuckets.sorted() }
        if let valueBuckets { factory.defaultValueHistogramBuckets = valueBuckets.sorted() }
        factory.nameAndLabelSanitizer = { name, labels in (name, Self.normalizedDimensions(labels)) }
        metricsFactory = factory
        scrapeHandler = PrometheusScrapeHandler(registry: registry)
    }

    /// `dimensions` sorted by name, with only the last value of a repeated name.
    static func normalizedDimensions(_ dimensions: [(String, String)]) -> [(String, String)] {
        var values: [String: String] = [:]
        for (name, value) in dimensions { values[name] = value }
        return values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
