import DaiBaiCore
import Metrics
import Synchronization

/// The demo's own metrics backend: it keeps the Agent's `daibai_agent_step_duration` timer per
/// step and prints it as a table, so the table shows exactly what a metrics backend receives.
/// Every other metric is ignored. It is passed to the Agent, never bootstrapped globally.
final class StepTimings: MetricsFactory, Sendable {
    private struct Totals {
        var count = 0
        var nanoseconds: Int64 = 0
        var maxNanoseconds: Int64 = 0
    }

    private let totals = Mutex<[String: Totals]>([:])

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard label == DaiBaiMetricName.agentStepDuration, let step = dimensions.first(where: { $0.0 == "step" })?.1 else { return Ignored() }
        return StepTimer(timings: self, step: step)
    }
    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler { Ignored() }
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler { Ignored() }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler { Ignored() }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    fileprivate func record(step: String, nanoseconds: Int64) {
        totals.withLock { totals in
            totals[step, default: Totals()].count += 1
            totals[step, default: Totals()].nanoseconds += nanoseconds
            totals[step, default: Totals()].maxNanoseconds = max(totals[step, default: Totals()].maxNanoseconds, nanoseconds)
        }
    }

    /// A table of every step seen, in pipeline order: calls, total, mean and slowest, in milliseconds.
    func table() -> String {
        let snapshot = totals.withLock { $0 }
        let order = AgentStep.allCases.map(\.rawValue)
        let steps = snapshot.keys.sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
        let milliseconds = { (nanoseconds: Int64) in String(format: "%.2f", Double(nanoseconds) / 1e6) }
        return TextTable.render(columns: ["step", "calls", "total ms", "mean ms", "max ms"], rows: steps.compactMap { step in
            guard let totals = snapshot[step] else { return nil }
            return [step, String(totals.count), milliseconds(totals.nanoseconds), milliseconds(totals.nanoseconds / Int64(max(1, totals.count))), milliseconds(totals.maxNanoseconds)]
        })
    }

    private final class StepTimer: TimerHandler, Sendable {
        let timings: StepTimings
        let step: String
        init(timings: StepTimings, step: String) {
            self.timings = timings
            self.step = step
        }
        func recordNanoseconds(_ duration: Int64) { timings.record(step: step, nanoseconds: duration) }
    }

    private final class Ignored: CounterHandler, FloatingPointCounterHandler, RecorderHandler, TimerHandler, Sendable {
        func increment(by amount: Int64) {}
        func increment(by amount: Double) {}
        func reset() {}
        func record(_ value: Int64) {}
        func record(_ value: Double) {}
        func recordNanoseconds(_ duration: Int64) {}
    }
}
