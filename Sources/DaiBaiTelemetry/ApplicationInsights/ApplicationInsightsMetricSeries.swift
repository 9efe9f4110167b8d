import CoreMetrics
import Foundation
import Synchronization

/// The aggregate of one interval's measurements: count, sum, minimum, maximum and the sum of
/// squares (for the standard deviation).
struct ApplicationInsightsMetricStatistics: Sendable, Equatable {
    var count = 0
    var sum = 0.0
    var min = Double.infinity
    var max = -Double.infinity
    var sumOfSquares = 0.0

    mutating func add(_ value: Double) {
        guard value.isFinite else { return }
        count += 1
        sum += value
        min = Swift.min(min, value)
        max = Swift.max(max, value)
        sumOfSquares += value * value
    }

    /// The population standard deviation.
    var standardDeviation: Double {
        guard count > 0 else { return 0 }
        let mean = sum / Double(count)
        return (Swift.max(0, sumOfSquares / Double(count) - mean * mean)).squareRoot()
    }

    func dataPoint(name: String) -> ApplicationInsightsMetricDataPoint? {
        guard count > 0 else { return nil }
        return ApplicationInsightsMetricDataPoint(
            name: name, sum: sum, count: count, min: min, max: max, standardDeviation: standardDeviation
        )
    }
}

/// One series (label and dimensions) of ``ApplicationInsightsMetricsFactory``, of any kind.
///
/// Counters report what was added since the last export (nothing when nothing was); gauges
/// (meters, non-aggregating recorders) their last value, every export once set; aggregating
/// recorders and timers (in milliseconds) the count, sum, minimum, maximum and standard
/// deviation of the interval.
final class ApplicationInsightsMetricSeries: CounterHandler, FloatingPointCounterHandler, MeterHandler, RecorderHandler, TimerHandler, Sendable {
    enum Kind: Hashable, Sendable {
        case counter, floatingPointCounter, gauge, recorder, timer
    }

    private struct State {
        var delta = 0.0
        var changed = false
        var gauge: Double?
        var statistics = ApplicationInsightsMetricStatistics()
    }

    let kind: Kind
    let name: String
    let dimensions: [String: String]
    private let state = Mutex(State())

    init(kind: Kind, name: String, dimensions: [String: String]) {
        self.kind = kind
        self.name = name
        self.dimensions = dimensions
    }

    // Counters.
    func increment(by amount: Int64) { add(Double(amount)) }
    func increment(by amount: Double) {
        if kind == .gauge {
            guard amount.isFinite else { return }
            state.withLock { $0.gauge = ($0.gauge ?? 0) + amount }
        } else {
            add(amount)
        }
    }
    func reset() { state.withLock { $0.delta = 0; $0.changed = false } }

    // Meters and recorders.
    func set(_ value: Int64) { set(Double(value)) }
    func set(_ value: Double) {
        guard value.isFinite else { return }
        state.withLock { $0.gauge = value }
    }
    func decrement(by amount: Double) { increment(by: -amount) }
    func record(_ value: Int64) { record(Double(value)) }
    func record(_ value: Double) {
        if kind == .gauge { set(value) } else { state.withLock { $0.statistics.add(value) } }
    }

    // Timers (exported in milliseconds).
    func recordNanoseconds(_ duration: Int64) { record(Double(duration) / 1_000_000) }
    func preferDisplayUnit(_ unit: TimeUnit) {}

    private func add(_ amount: Double) {
        guard amount.isFinite else { return }
        state.withLock { $0.delta += amount; $0.changed = true }
    }

    /// The interval's data point, if there is one, and the start of a new interval.
    func collect() -> ApplicationInsightsMetricDataPoint? {
        state.withLock { state in
            switch kind {
            case .counter, .floatingPointCounter:
                guard state.changed else { return nil }
                defer { state.delta = 0; state.changed = false }
                return ApplicationInsightsMetricDataPoint(name: name, value: state.delta)
            case .gauge:
                return state.gauge.map { ApplicationInsightsMetricDataPoint(name: name, value: $0) }
            case .recorder, .timer:
                defer { state.statistics = ApplicationInsightsMetricStatistics() }
                return state.statistics.dataPoint(name: name)
            }
        }
    }
}
