import DaiBaiBilling
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Logging

/// A ledger, a fake Stripe on loopback and a reporter wired together for one test.
struct MeterTestRig {
    static let acme = TenantID(rawValue: "acme") ?? .local
    static let globex = TenantID(rawValue: "globex") ?? .local
    /// The reporter's "now": 2026-11-02T00:00:00Z, a day after ``LedgerTestEvents/november``.
    static let now = LedgerTestEvents.november.addingTimeInterval(86_400)

    let ledger: SQLiteUsageLedger
    let fake: MeterFakeStripe
    let server: LoopbackHTTPServer
    let reporter: MeterReporter
    let logs: LogCapture

    /// Runs `body` with a rig; `acme` has the customer `cus_acme`, `globex` none unless given.
    static func run<T>(
        customers: [TenantID: String] = [acme: "cus_acme"],
        configuration: MeterReporterConfiguration = MeterReporterConfiguration(),
        now: Date = MeterTestRig.now,
        serverKey: String = stripeTestKey,
        fault: @escaping @Sendable (String, Int) -> MeterFakeStripe.Fault? = { _, _ in nil },
        _ body: (MeterTestRig) async throws -> T
    ) async throws -> T {
        let fake = MeterFakeStripe(key: serverKey, now: { now }, fault: fault)
        return try await withLoopbackServer([fake.route]) { server in
            let logs = LogCapture()
        let logger = logs.logger()
            let ledger = try SQLiteUsageLedger.inMemory()
            let reporter = MeterReporter(
                ledger: ledger, stripe: try stripeTestClient(server), customers: StaticStripeCustomerLookup(customers),
                configuration: configuration, now: { now }, logger: logger)
            return try await body(MeterTestRig(ledger: ledger, fake: fake, server: server, reporter: reporter, logs: logs))
        }
    }
}

extension UsageEvent {
    /// The identifier the reporter sends for this event.
    var meterIdentifier: String { id.uuidString.lowercased() }
}
