import Metrics
import Synchronization

/// A swift-metrics backend that keeps every value in memory, for tests that assert what was
/// emitted. Pass it as a `metricsFactory:` (never bootstrap it globally: tests run in parallel).
public final class RecordingMetricsFactory: MetricsFactory, Sendable {
    /// One metric series: its label and its dimensions.
    public struct Series: Hashable, Sendable, CustomStringConvertible {
        /// The metric's label.
        public var label: String
        /// Its dimensions, sorted by name.
        public var dimensions: [String: String]
        /// `label{a=b,…}`.
        public var description: String {
            "\(label){\(dimensions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))}"
        }
    }

    private let values = Mutex<[Series: [Double]]>([:])

    /// An empty backend.
    public init() {}

    /// Every value recorded for the series, in order (counters: each increment).
    public func values(_ label: String, _ dimensions: [String: String]) -> [Double] {
        values.withLock { $0[Series(label: label, dimensions: dimensions)] ?? [] }
    }

    /// The series recorded under `label`.
    public func series(_ label: String) -> [Series] {
        values.withLock { $0.keys.filter { $0.label == label } }.sorted { $0.description < $1.description }
    }

    /// The sum of every value of every series of `label` whose dimensions include `matching`.
    public func total(_ label: String, matching: [String: String] = [:]) -> Double {
        values.withLock { values in
            values.filter { entry in entry.key.label == label && matching.allSatisfy { entry.key.dimensions[$0.key] == $0.value } }
                .reduce(0) { $0 + $1.value.reduce(0, +) }
        }
    }

    /// Every dimension value seen for `name` across all series, for leak checks.
    public var allDimensionValues: [String] {
        values.withLock { $0.keys.flatMap { Array($0.dimensions.values) } }
    }

    fileprivate func record(_ series: Series, _ value: Double) {
        values.withLock { $0[series, default: []].append(value) }
    }

    private func series(_ label: String, _ dimensions: [(String, String)]) -> Series {
        Series(label: label, dimensions: Dictionary(dimensions, uniquingKeysWith: { _, last in last }))
    }

    /// A counter that records each increment.
    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        Handler(factory: self, series: series(label, dimensions))
    }

    /// A floating-point counter that records each increment.
    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        Handler(factory: self, series: series(label, dimensions))
    }

    /// A recorder that records each value.
    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        Handler(factory: self, series: series(label, dimensions))
    }

    /// A timer that records each duration in nanoseconds.
    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        Handler(factory: self, series: series(label, dimensions))
    }

    /// Nothing to release.
    public func destroyCounter(_ handler: any CounterHandler) {}
    /// Nothing to release.
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    /// Nothing to release.
    public func destroyRecorder(_ handler: any RecorderHandler) {}
    /// Nothing to release.
    public func destroyTimer(_ handler: any TimerHandler) {}

    private final class Handler: CounterHandler, FloatingPointCounterHandler, RecorderHandler, TimerHandler, Sendable {
        let factory: RecordingMetricsFactory
        let series: Series
        init(factory: RecordingMetricsFactory, series: Series) {
            self.factory = factory
            self.series = series
        }
        func increment(by amount: Int64) { factory.record(series, Double(amount)) }
        func increment(by amount: Double) { factory.record(series, amount) }
        func reset() {}
        func record(_ value: Int64) { factory.record(series, Double(value)) }
        func record(_ value: Double) { factory.record(series, value) }
        func recordNanoseconds(_ duration: Int64) { factory.record(series, Double(duration)) }
    }
}
