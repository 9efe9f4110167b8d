import DaiBaiTelemetry
import DaiBaiTestSupport
import Foundation
import Metrics
import Synchronization
import Testing

@Suite("Application Insights metrics factory", .timeLimit(.minutes(10)))
struct ApplicationInsightsMetricsFactoryTests {
    static let time = Date(timeIntervalSince1970: 1_700_000_000.25)

    static func points(_ envelopes: [ApplicationInsightsEnvelope]) -> [(point: ApplicationInsightsMetricDataPoint, dimensions: [String: String])] {
        envelopes.compactMap { envelope in
            guard case .metric(let data) = envelope.data, let point = data.metrics.first else { return nil }
            return (point, data.properties)
        }
    }

    @Test("Counters send their increase, meters their last value, recorders and timers an aggregate, per label and dimensions")
    func aggregation() async throws {
        try await AITest.withIngestion { fake, server in
            let exporter = try AITest.exporter(server)
            let factory = ApplicationInsightsMetricsFactory(exporter: exporter, now: { Self.time })
            let counter = Counter(label: "daibai_agent_requests_total", dimensions: [("outcome", "ok")], factory: factory)
            counter.increment(by: 2)
            Counter(label: "daibai_agent_requests_total", dimensions: [("outcome", "ok")], factory: factory).increment()
            Counter(label: "daibai_agent_requests_total", dimensions: [("outcome", "error")], factory: factory).increment()
            Meter(label: "queue_depth", factory: factory).set(7)
            let rows = Recorder(label: "daibai_database_query_rows", factory: factory)
            for value in [1.0, 2.0, 3.0] { rows.record(value) }
            let timer = Timer(label: "daibai_agent_request_duration", factory: factory)
            timer.recordNanoseconds(2_000_000)
            timer.recordNanoseconds(4_000_000)

            let first = Self.points(factory.collect())
            #expect(first.map(\.point.name) == [
                "daibai_agent_request_duration", "daibai_agent_requests_total", "daibai_agent_requests_total",
                "daibai_database_query_rows", "queue_depth",
            ])
            #expect(first[0].point == ApplicationInsightsMetricDataPoint(name: "daibai_agent_request_duration", sum: 6, count: 2, min: 2, max: 4, standardDeviation: 1))
            #expect(first[1].point.value == 1)
            #expect(first[1].dimensions == ["outcome": "error"])
            #expect(first[2].point.value == 3)
            #expect(first[2].dimensions == ["outcome": "ok"])
            #expect(first[3].point.kind == .aggregation)
            #expect(first[3].point.count == 3)
            #expect(first[3].point.value == 6)
            #expect(first[4].point == ApplicationInsightsMetricDataPoint(name: "queue_depth", value: 7))

            counter.increment()
            let second = Self.points(factory.collect())
            #expect(second.map(\.point.name) == ["daibai_agent_requests_total", "queue_depth"], "idle counters and empty aggregates send nothing")
            #expect(second.first?.point.value == 1)

            Meter(label: "queue_depth", factory: factory).set(3)
            factory.export()
            #expect(await exporter.flush() == 0)
            #expect(fake.problems == [])
            let sent = Self.points(fake.delivered)
            #expect(sent.map(\.point.value) == [3])
            #expect(fake.delivered.first?.time == Self.time)
        }
    }

    @Test("Its run loop exports each interval and once more at graceful shutdown")
    func runLoop() async throws {
        try await AITest.withIngestion { fake, server in
            let exporter = try AITest.exporter(server)
            let tick = TestSignal()
            let sleeps = Mutex(0)
            // The first interval ends when the test says so; the next one never ends on its own.
            let factory = ApplicationInsightsMetricsFactory(exporter: exporter, sleep: { _ in
                if sleeps.withLock({ $0 += 1; return $0 }) == 1 { await tick.wait() } else { await TestSignal().wait() }
            }, now: { Self.time })
            let requests = Counter(label: "requests_total", factory: factory)
            requests.increment()
            let run = Task { try await factory.run() }
            tick.fire()
            #expect(await waitUntil { exporter.bufferedCount == 1 && sleeps.withLock { $0 } == 2 })
            requests.increment(by: 4)
            run.cancel()
            try await run.value
            #expect(exporter.bufferedCount == 2, "the last snapshot is taken when the loop ends")
            #expect(await exporter.flush() == 0)
            #expect(Self.points(fake.delivered).map(\.point.value) == [1, 4])
        }
    }
}
