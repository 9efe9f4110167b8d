import CoreMetrics
import Foundation
import ServiceLifecycle
import Synchronization

/// A swift-metrics backend that aggregates counters, meters, recorders and timers per
/// (label, dimensions) and sends them to Application Insights as metric items (`MetricData`,
/// dimensions as properties) once per interval.
///
/// Bootstrap it in the application (libraries never do) and run it as a service, after the
/// exporter in the `ServiceGroup` (so the last snapshot is taken before the exporter stops):
///
/// ```swift
/// let metrics = ApplicationInsightsMetricsFactory(exporter: exporter)
/// MetricsSystem.bootstrap(metrics)
/// let group = ServiceGroup(services: [exporter, metrics, server], logger: logger)
/// ```
///
/// Per interval: a counter sends what was added (nothing if nothing was); a meter, or a recorder
/// created with `aggregate: false`, its last value; an aggregating recorder or a timer the
/// count, sum, minimum, maximum and standard deviation of its values (timers in milliseconds),
/// as `kind: "Aggregation"`.
public final class ApplicationInsightsMetricsFactory: MetricsFactory, Service, Sendable {
    private struct SeriesKey: Hashable {
        var kind: ApplicationInsightsMetricSeries.Kind
        var label: String
        var dimensions: [String]
    }

    private let exporter: ApplicationInsightsExporter
    private let interval: Duration
    private let sleep: @Sendable (Duration) async throws -> Void
    private let now: @Sendable () -> Date
    private let series = Mutex<[SeriesKey: ApplicationInsightsMetricSeries]>([:])

    /// Creates a backend.
    ///
    /// - Parameters:
    ///   - exporter: Where the metric items go.
    ///   - interval: How often a snapshot is sent (default 60 s).
    ///   - sleep: Waits for the interval; must return or throw when the task is cancelled.
    ///   - now: The clock for each snapshot's time.
    public init(
        exporter: ApplicationInsightsExporter,
        interval: Duration = .seconds(60),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.exporter = exporter
        self.interval = max(.milliseconds(1), interval)
        self.sleep = sleep
        self.now = now
    }

    // MARK: - MetricsFactory

    /// A counter of the series (the same handler for the same label and dimensions).
    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        handler(.counter, label, dimensions)
    }

    /// A floating-point counter of the series.
    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        handler(.floatingPointCounter, label, dimensions)
    }

    /// A meter (gauge) of the series.
    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        handler(.gauge, label, dimensions)
    }

    /// A recorder of the series: aggregated per interval, or a gauge when `aggregate` is false.
    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        handler(aggregate ? .recorder : .gauge, label, dimensions)
    }

    /// A timer of the series (values exported in milliseconds).
    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        handler(.timer, label, dimensions)
    }

    /// Forgets the counter's series.
    public func destroyCounter(_ handler: any CounterHandler) { destroy(handler) }
    /// Forgets the floating-point counter's series.
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { destroy(handler) }
    /// Forgets the meter's series.
    public func destroyMeter(_ handler: any MeterHandler) { destroy(handler) }
    /// Forgets the recorder's series.
    public func destroyRecorder(_ handler: any RecorderHandler) { destroy(handler) }
    /// Forgets the timer's series.
    public func destroyTimer(_ handler: any TimerHandler) { destroy(handler) }

    // MARK: - Exporting

    /// The metric items of the interval that ends now, one per series with data, sorted by name
    /// and dimensions; starts the next interval.
    public func collect() -> [ApplicationInsightsEnvelope] {
        let time = now()
        let all = series.withLock { $0.sorted { ($0.key.label, $0.key.dimensions.joined(separator: "\u{1}")) < ($1.key.label, $1.key.dimensions.joined(separator: "\u{1}")) } }
        return all.compactMap { _, series in
            series.collect().map { point in
                ApplicationInsightsEnvelope(time: time, data: .metric(ApplicationInsightsMetricData(metrics: [point], properties: series.dimensions)))
            }
        }
    }

    /// Collects the interval's items and submits them to the exporter.
    public func export() {
        for envelope in collect() { exporter.submit(envelope) }
    }

    /// Exports every interval until a graceful shutdown or cancellation, then exports once more.
    public func run() async throws {
        let interval = interval
        let sleep = sleep
        await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                do { try await sleep(interval) } catch { break }
                if Task.isCancelled { break }
                export()
            }
        }
        export()
    }

    // MARK: - Series

    private func handler(_ kind: ApplicationInsightsMetricSeries.Kind, _ label: String, _ dimensions: [(String, String)]) -> ApplicationInsightsMetricSeries {
        let merged = Dictionary(dimensions, uniquingKeysWith: { _, last in last })
        let key = SeriesKey(kind: kind, label: label, dimensions: merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        return series.withLock { series in
            if let existing = series[key] { return existing }
            let created = ApplicationInsightsMetricSeries(kind: kind, name: label, dimensions: merged)
            series[key] = created
            return created
        }
    }

    private func destroy(_ handler: AnyObject) {
        series.withLock { series in
            if let key = series.first(where: { $0.value === handler })?.key { series.removeValue(forKey: key) }
        }
    }
}
