import DaiBaiBilling
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Logging
import ServiceLifecycle
import Testing

// No wall-clock deadlines inside the tests: they wait for signals, and the time limit only
// stops a hung test.
@Suite("Meter reporter as a service: runs until graceful shutdown, finishing the batch in flight", .timeLimit(.minutes(10)))
struct MeterServiceTests {
    @Test("Graceful shutdown of the ServiceGroup lets the in-flight request finish, then run() returns")
    func gracefulShutdownFinishesInFlightBatch() async throws {
        let arrived = TestSignal()
        let release = TestSignal()
        let route = LoopbackHTTPServer.Route("POST /v1/billing/meter_events") { request in
            arrived.fire()
            await release.wait()
            return StripeTestFixtures.json(200, StripeTestFixtures.meterEvent(echoing: stripeTestDecodeForm(request.bodyText)))
        }
        try await withLoopbackServer([route]) { server in
            let ledger = try SQLiteUsageLedger.inMemory()
            let event = LedgerTestEvents.event()
            try await ledger.record([event])
            let reporter = MeterReporter(
                ledger: ledger, stripe: try stripeTestClient(server),
                customers: StaticStripeCustomerLookup([MeterTestRig.acme: "cus_acme"]),
                configuration: MeterReporterConfiguration(interval: .seconds(3600)),
                now: { MeterTestRig.now })
            let group = ServiceGroup(services: [reporter], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            let stopped = TestSignal()
            let running = Task {
                defer { stopped.fire() }
                try await group.run()
            }

            await arrived.wait()
            await group.triggerGracefulShutdown()
            release.fire()

            await stopped.wait()
            try await running.value
            #expect(try await ledger.status(of: event.id) == .reported(at: MeterTestRig.now))
            #expect(server.requests.count == 1)
        }
    }

    @Test("Between drains the reporter sleeps the interval and drains again")
    func drainsEveryInterval() async throws {
        try await MeterTestRig.run { rig in
            let sleeps = StripeTestSleeps()
            let secondDrainDone = TestSignal()
            let first = LedgerTestEvents.event(minutes: 0)
            let second = LedgerTestEvents.event(minutes: 1)
            try await rig.ledger.record([first])
            let ledger = rig.ledger
            let reporter = MeterReporter(
                ledger: ledger, stripe: try stripeTestClient(rig.server),
                customers: StaticStripeCustomerLookup([MeterTestRig.acme: "cus_acme"]),
                configuration: MeterReporterConfiguration(interval: .seconds(30)),
                now: { MeterTestRig.now },
                sleep: { duration in
                    sleeps.record(duration)
                    if sleeps.all.count == 1 {
                        // Usage arrives while the reporter waits.
                        try await ledger.record([second])
                    } else {
                        secondDrainDone.fire()
                        try await Task.sleep(for: .seconds(3600))
                    }
                })
            let running = Task { try await reporter.run() }

            await secondDrainDone.wait()
            running.cancel()
            try await running.value

            #expect(sleeps.all == [.seconds(30), .seconds(30)])
            #expect(rig.fake.acceptedOrder == [first.meterIdentifier, second.meterIdentifier])
        }
    }
}
