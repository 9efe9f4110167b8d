import CoreMetrics
import DaiBaiBilling
import DaiBaiCore
import Foundation
import Synchronization
import Testing

/// A metrics factory that sums counters by label and dimensions, for assertions.
final class MeterTestMetrics: MetricsFactory, Sendable {
    private final class CounterBox: CounterHandler, Sendable {
        let key: String
        let totals: MeterTestMetrics
        init(key: String, totals: MeterTestMetrics) { self.key = key; self.totals = totals }
        func increment(by amount: Int64) { totals.add(amount, to: key) }
        func reset() {}
    }

    private let values = Mutex<[String: Int64]>([:])

    /// The sum of the counter `label` with `dimensions` (e.g. `outcome=reported`).
    func value(_ label: String, _ dimensions: String) -> Int64 { values.withLock { $0["\(label){\(dimensions)}"] ?? 0 } }

    fileprivate func add(_ amount: Int64, to key: String) { values.withLock { $0[key, default: 0] += amount } }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        CounterBox(key: "\(label){\(dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ","))}", totals: self)
    }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler { NOOPMetricsHandler.instance }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { NOOPMetricsHandler.instance }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}

@Suite("Meter reporter metrics: reported, duplicate, rejected and failed counters")
struct MeterMetricsTests {
    @Test("Each outcome increments daibai_meter_events_total with its outcome")
    func countersPerOutcome() async throws {
        let metrics = MeterTestMetrics()
        let refused = LedgerTestEvents.event(minutes: 2)
        try await MeterTestRig.run(fault: { identifier, _ in
            identifier == refused.meterIdentifier
                ? .refuse(status: 400, type: "invalid_request_error", code: nil, message: "Invalid value", param: "payload[value]")
                : nil
        }) { rig in
            let reporter = MeterReporter(
                ledger: rig.ledger, stripe: try stripeTestClient(rig.server),
                customers: StaticStripeCustomerLookup([MeterTestRig.acme: "cus_acme"]),
                now: { MeterTestRig.now }, metricsFactory: metrics)
            let duplicate = LedgerTestEvents.event(minutes: 1)
            _ = try await stripeTestClient(rig.server).createMeterEvent(
                eventName: "daibai_input_tokens", customerID: "cus_acme", value: 10,
                identifier: duplicate.meterIdentifier, timestamp: duplicate.timestamp)
            try await rig.ledger.record([LedgerTestEvents.event(minutes: 0), duplicate, refused])

            try await reporter.reportPending()

            #expect(metrics.value("daibai_meter_events_total", "outcome=reported") == 1)
            #expect(metrics.value("daibai_meter_events_total", "outcome=duplicate") == 1)
            #expect(metrics.value("daibai_meter_events_total", "outcome=rejected") == 1)
            #expect(metrics.value("daibai_meter_events_total", "outcome=failed") == 0)
        }
    }
}
