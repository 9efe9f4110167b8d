import DaiBaiBilling
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Meter reporter: pending usage → Stripe meter events, once each")
struct MeterReporterTests {
    @Test("Each pending event becomes one meter event and is marked reported after Stripe's 2xx")
    func reportsEachEventOnce() async throws {
        try await MeterTestRig.run { rig in
            let input = LedgerTestEvents.event(kind: .inputTokens, quantity: 1200, minutes: 0)
            let output = LedgerTestEvents.event(kind: .outputTokens, quantity: 345, minutes: 1)
            try await rig.ledger.record([input, output])

            let summary = try await rig.reporter.reportPending()

            #expect(summary.reported == 2)
            #expect(summary.duplicates == 0)
            #expect(rig.fake.accepted == [
                input.meterIdentifier: .init(eventName: "daibai_input_tokens", customer: "cus_acme", value: "1200", timestamp: "1793491200"),
                output.meterIdentifier: .init(eventName: "daibai_output_tokens", customer: "cus_acme", value: "345", timestamp: "1793491260"),
            ])
            #expect(rig.fake.acceptedOrder == [input.meterIdentifier, output.meterIdentifier])
            #expect(try await rig.ledger.status(of: input.id) == .reported(at: MeterTestRig.now))
            #expect(try await rig.ledger.pendingCount() == 0)

            let again = try await rig.reporter.reportPending()
            #expect(again.reported == 0)
            #expect(rig.fake.requestCount == 2)
        }
    }

    @Test("Configured event names per kind are used")
    func configuredEventNames() async throws {
        let configuration = MeterReporterConfiguration(eventNames: [.taskCompleted: "questions_answered"])
        try await MeterTestRig.run(configuration: configuration) { rig in
            let task = LedgerTestEvents.event(kind: .taskCompleted, quantity: 1)
            let query = LedgerTestEvents.event(kind: .queryExecuted, quantity: 1, minutes: 1)
            try await rig.ledger.record([task, query])

            let summary = try await rig.reporter.reportPending()

            #expect(rig.fake.accepted[task.meterIdentifier]?.eventName == "questions_answered")
            #expect(summary.waitingForMeter == 1)
            #expect(try await rig.ledger.status(of: query.id) == .pending)
        }
    }

    @Test("An event Stripe keeps failing stays pending and stops the drain; the next drain reports it")
    func failuresStayPending() async throws {
        // The first three requests (one call with its two retries) fail with 500.
        try await MeterTestRig.run(fault: { _, number in number <= 3 ? .serverError : nil }) { rig in
            let first = LedgerTestEvents.event(minutes: 0)
            let second = LedgerTestEvents.event(minutes: 1)
            try await rig.ledger.record([first, second])

            let failed = try await rig.reporter.reportPending()

            #expect(failed.reported == 0)
            #expect(failed.failedAttempts == 1)
            guard case .api(let details) = failed.stoppedBy else {
                Issue.record("expected the drain to stop on an API error, got \(String(describing: failed.stoppedBy))")
                return
            }
            #expect(details.status == 500)
            #expect(try await rig.ledger.pendingCount() == 2)
            #expect(rig.fake.posts[second.meterIdentifier] == nil)

            let recovered = try await rig.reporter.reportPending()
            #expect(recovered.reported == 2)
            #expect(try await rig.ledger.pendingCount() == 0)
        }
    }

    @Test("Stripe's duplicate-identifier refusal means it was accepted before: the event is marked reported")
    func duplicateCountsAsReported() async throws {
        try await MeterTestRig.run { rig in
            let event = LedgerTestEvents.event(quantity: 9)
            try await rig.ledger.record([event])
            // An earlier run reached Stripe, then died before marking the event reported.
            _ = try await stripeTestClient(rig.server).createMeterEvent(
                eventName: "daibai_input_tokens", customerID: "cus_acme", value: 9,
                identifier: event.meterIdentifier, timestamp: event.timestamp)

            let summary = try await rig.reporter.reportPending()

            #expect(summary.reported == 1)
            #expect(summary.duplicates == 1)
            #expect(try await rig.ledger.status(of: event.id) == .reported(at: MeterTestRig.now))
            #expect(rig.fake.posts[event.meterIdentifier] == 2)
            #expect(rig.fake.accepted.count == 1)
        }
    }

    @Test("Events older than 35 days are flagged rejected without being sent, and kept")
    func tooOldIsRejectedLocally() async throws {
        let now = LedgerTestEvents.november.addingTimeInterval(40 * 86_400)
        try await MeterTestRig.run(now: now) { rig in
            let old = LedgerTestEvents.event(quantity: 77)
            try await rig.ledger.record([old])

            let summary = try await rig.reporter.reportPending()

            #expect(summary.rejected == 1)
            #expect(rig.fake.requestCount == 0)
            guard case .rejected(let reason, let at) = try await rig.ledger.status(of: old.id) else {
                Issue.record("expected the event to be rejected")
                return
            }
            #expect(reason.contains("35 days"))
            #expect(at == now)
            let total = try await rig.ledger.totals(
                tenant: old.tenant, period: DateInterval(start: LedgerTestEvents.november, duration: 60), kind: .inputTokens)
            #expect(total.quantity == 77)
        }
    }

    @Test("An event Stripe refuses for its timestamp is flagged rejected, not retried forever")
    func timestampRefusedByStripe() async throws {
        let now = LedgerTestEvents.november.addingTimeInterval(36 * 86_400)
        let lenient = MeterReporterConfiguration(maxEventAge: 60 * 86_400)
        try await MeterTestRig.run(configuration: lenient, now: now) { rig in
            let event = LedgerTestEvents.event()
            try await rig.ledger.record([event])

            let first = try await rig.reporter.reportPending()
            let second = try await rig.reporter.reportPending()

            #expect(first.rejected == 1)
            #expect(second.rejected == 0)
            #expect(rig.fake.requestCount == 1)
            guard case .rejected(let reason, _) = try await rig.ledger.status(of: event.id) else {
                Issue.record("expected the event to be rejected")
                return
            }
            #expect(reason.contains("timestamp"))
        }
    }

    @Test("Another 4xx for one event flags that event with the reason and the rest are still reported")
    func otherRefusalDoesNotBlock() async throws {
        let refused = LedgerTestEvents.event(minutes: 1)
        try await MeterTestRig.run(fault: { identifier, _ in
            identifier == refused.meterIdentifier
                ? .refuse(status: 400, type: "invalid_request_error", code: "parameter_invalid_integer", message: "Invalid integer: -5", param: "payload[value]")
                : nil
        }) { rig in
            let before = LedgerTestEvents.event(minutes: 0)
            let after = LedgerTestEvents.event(minutes: 2)
            try await rig.ledger.record([before, refused, after])

            let summary = try await rig.reporter.reportPending()

            #expect(summary.reported == 2)
            #expect(summary.rejected == 1)
            #expect(Set(rig.fake.acceptedOrder) == [before.meterIdentifier, after.meterIdentifier])
            guard case .rejected(let reason, _) = try await rig.ledger.status(of: refused.id) else {
                Issue.record("expected the refused event to be rejected")
                return
            }
            #expect(reason.contains("Invalid integer: -5"))
        }
    }

    @Test("Events of a tenant without a Stripe customer stay pending and are logged; others are reported")
    func tenantWithoutCustomerWaits() async throws {
        try await MeterTestRig.run(configuration: MeterReporterConfiguration(batchSize: 2)) { rig in
            // Three waiting events first: paging must still reach the billable ones behind them.
            let waiting = (0..<3).map { LedgerTestEvents.event(MeterTestRig.globex, minutes: Double($0)) }
            let billable = (3..<5).map { LedgerTestEvents.event(MeterTestRig.acme, minutes: Double($0)) }
            try await rig.ledger.record(waiting + billable)

            let summary = try await rig.reporter.reportPending()

            #expect(summary.waitingForCustomer == 3)
            #expect(summary.reported == 2)
            #expect(Set(rig.fake.acceptedOrder) == Set(billable.map(\.meterIdentifier)))
            #expect(try await rig.ledger.unreported(limit: 10).map(\.id) == waiting.map(\.id))
            #expect(rig.logs.lines.contains { $0.contains("globex") && $0.contains("Stripe customer") })
        }
    }

    @Test("A refused API key stops the drain at the first event and leaves everything pending")
    func authenticationStopsDrain() async throws {
        try await MeterTestRig.run(serverKey: "sk_test_another") { rig in
            try await rig.ledger.record([LedgerTestEvents.event(minutes: 0), LedgerTestEvents.event(minutes: 1)])

            let summary = try await rig.reporter.reportPending()

            guard case .authentication = summary.stoppedBy else {
                Issue.record("expected an authentication stop, got \(String(describing: summary.stoppedBy))")
                return
            }
            #expect(rig.fake.requestCount == 1)
            #expect(try await rig.ledger.pendingCount() == 2)
        }
    }

    @Test("A 404 (a wrong base URL) stops the drain instead of rejecting events")
    func notFoundStopsDrain() async throws {
        try await MeterTestRig.run(fault: { _, _ in
            .refuse(status: 404, type: "invalid_request_error", code: nil, message: "Unrecognized request URL (POST: /v1/billing/meter_events).", param: nil)
        }) { rig in
            try await rig.ledger.record([LedgerTestEvents.event(minutes: 0), LedgerTestEvents.event(minutes: 1)])

            let summary = try await rig.reporter.reportPending()

            #expect(summary.rejected == 0)
            #expect(summary.stoppedBy?.details?.status == 404)
            #expect(try await rig.ledger.pendingCount() == 2)
        }
    }
}
