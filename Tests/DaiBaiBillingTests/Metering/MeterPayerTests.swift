import DaiBaiBilling
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Meter reporter: tokens paid with the tenant's or the user's own key are never sent")
struct MeterPayerTests {
    @Test("Platform token events reach Stripe; BYOK and tenant-key token events never do and end not charged")
    func byokTokensAreSettledUnsent() async throws {
        // A small batch so the drain pages across not-charged and billable events.
        try await MeterTestRig.run(configuration: MeterReporterConfiguration(batchSize: 2)) { rig in
            let platformInput = LedgerTestEvents.event(kind: .inputTokens, quantity: 1200, minutes: 0, payer: .platform)
            let byokInput = LedgerTestEvents.event(kind: .inputTokens, quantity: 5000, minutes: 1, payer: .byok)
            let byokOutput = LedgerTestEvents.event(kind: .outputTokens, quantity: 700, minutes: 2, payer: .byok)
            let tenantOutput = LedgerTestEvents.event(kind: .outputTokens, quantity: 80, minutes: 3, payer: .tenant)
            let platformOutput = LedgerTestEvents.event(kind: .outputTokens, quantity: 345, minutes: 4, payer: .platform)
            let byokTask = LedgerTestEvents.event(kind: .taskCompleted, quantity: 1, minutes: 5, payer: .byok)
            let byokQuery = LedgerTestEvents.event(kind: .queryExecuted, quantity: 1, minutes: 6, payer: .byok)
            let unsent = [byokInput, byokOutput, tenantOutput]
            let billed = [platformInput, platformOutput, byokTask, byokQuery]
            try await rig.ledger.record(billed + unsent)

            let summary = try await rig.reporter.reportPending()

            #expect(summary.reported == 4)
            #expect(summary.notCharged == 3)
            #expect(summary.rejected == 0)
            #expect(summary.stoppedBy == nil)
            // Checked at the fake Stripe: the not-charged events were never posted at all.
            for event in unsent {
                #expect(rig.fake.posts[event.meterIdentifier] == nil, "\(event.payer) \(event.kind) was sent")
                #expect(try await rig.ledger.status(of: event.id) == .notCharged(at: MeterTestRig.now))
            }
            #expect(rig.fake.acceptedOrder == billed.sorted { $0.timestamp < $1.timestamp }.map(\.meterIdentifier))
            #expect(rig.fake.accepted[platformInput.meterIdentifier] == .init(eventName: "daibai_input_tokens", customer: "cus_acme", value: "1200", timestamp: "1793491200"))
            #expect(rig.fake.accepted[byokTask.meterIdentifier]?.eventName == "daibai_tasks_completed", "answered questions are billed whoever paid for the tokens")
            #expect(rig.fake.accepted[byokQuery.meterIdentifier]?.eventName == "daibai_queries_executed")
            for event in billed {
                #expect(try await rig.ledger.status(of: event.id) == .reported(at: MeterTestRig.now))
            }
            #expect(rig.fake.requestCount == 4)
            #expect(try await rig.ledger.pendingCount() == 0, "nothing is left pending forever")

            let again = try await rig.reporter.reportPending()
            #expect(again.reported == 0)
            #expect(again.notCharged == 0)
            #expect(rig.fake.requestCount == 4, "nothing is sent again")
        }
    }

    @Test("A BYOK token event is settled whatever its age, customer or meter: never rejected or left waiting")
    func byokNeedsNoCustomerMeterOrRecency() async throws {
        let now = LedgerTestEvents.november.addingTimeInterval(40 * 86_400)
        let noTokenMeters = MeterReporterConfiguration(eventNames: [.taskCompleted: "daibai_tasks_completed"])
        try await MeterTestRig.run(customers: [:], configuration: noTokenMeters, now: now) { rig in
            let old = LedgerTestEvents.event(kind: .inputTokens, minutes: 0, payer: .byok)
            let noCustomer = LedgerTestEvents.event(MeterTestRig.globex, kind: .outputTokens, minutes: 39 * 24 * 60, payer: .byok)
            try await rig.ledger.record([old, noCustomer])

            let summary = try await rig.reporter.reportPending()

            #expect(summary.notCharged == 2)
            #expect(summary.rejected == 0)
            #expect(summary.waitingForCustomer == 0)
            #expect(summary.waitingForMeter == 0)
            #expect(rig.fake.requestCount == 0)
            #expect(try await rig.ledger.status(of: old.id) == .notCharged(at: now))
            #expect(try await rig.ledger.status(of: noCustomer.id) == .notCharged(at: now))
            #expect(try await rig.ledger.pendingCount() == 0)
        }
    }

    @Test("A drain stopped by Stripe still settles the batch's BYOK events and sends none of them")
    func stoppedDrainStillSettlesBYOK() async throws {
        try await MeterTestRig.run(serverKey: "sk_test_another") { rig in
            let platform = LedgerTestEvents.event(minutes: 0)
            let byok = LedgerTestEvents.event(minutes: 1, payer: .byok)
            try await rig.ledger.record([platform, byok])

            let summary = try await rig.reporter.reportPending()

            guard case .authentication = summary.stoppedBy else {
                Issue.record("expected an authentication stop, got \(String(describing: summary.stoppedBy))")
                return
            }
            #expect(rig.fake.posts[byok.meterIdentifier] == nil)
            #expect(try await rig.ledger.status(of: byok.id) == .notCharged(at: MeterTestRig.now))
            #expect(try await rig.ledger.status(of: platform.id) == .pending)
        }
    }

    @Test("Not-charged events are counted with outcome not_charged")
    func notChargedCounter() async throws {
        let metrics = MeterTestMetrics()
        try await MeterTestRig.run { rig in
            let reporter = MeterReporter(
                ledger: rig.ledger, stripe: try stripeTestClient(rig.server),
                customers: StaticStripeCustomerLookup([MeterTestRig.acme: "cus_acme"]),
                now: { MeterTestRig.now }, metricsFactory: metrics)
            try await rig.ledger.record([
                LedgerTestEvents.event(minutes: 0), LedgerTestEvents.event(minutes: 1, payer: .byok),
                LedgerTestEvents.event(kind: .outputTokens, minutes: 2, payer: .tenant),
            ])

            try await reporter.reportPending()

            #expect(metrics.value("daibai_meter_events_total", "outcome=reported") == 1)
            #expect(metrics.value("daibai_meter_events_total", "outcome=not_charged") == 2)
            #expect(metrics.value("daibai_meter_events_total", "outcome=rejected") == 0)
        }
    }
}
