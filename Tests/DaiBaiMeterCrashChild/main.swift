// The child process of the billing crash test (Tests/DaiBaiBillingTests/Crash): records
// numbered usage events with deterministic ids into a SQLite ledger, then reports them to a
// Stripe-compatible server with MeterReporter, printing one progress line per step. The
// test kills it with SIGKILL at random points and starts it again with the same arguments.
//
// Usage: daibai-meter-crash-child --ledger <path> --server <base URL> --count <n>
//            --seed <n> --base-time <unix seconds> [--batch <n>]
// The API key is read from the STRIPE_API_KEY environment variable.
import DaiBaiBilling
import DaiBaiCore
import Foundation

/// Writes one line to standard output at once (no buffering, the process may die next).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Stops with a message on standard error.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("daibai-meter-crash-child: " + message + "\n").utf8))
    exit(2)
}

guard let options = CrashChildOptions.parse(CommandLine.arguments.dropFirst()) else {
    fail("usage: --ledger <path> --server <url> --count <n> --seed <n> --base-time <unix seconds> [--batch <n>]")
}

let ledger: SQLiteUsageLedger
do {
    ledger = try SQLiteUsageLedger(path: options.ledgerPath)
} catch {
    fail("\(error)")
}

// Record the events in chunks; a restarted child records the same ids again (stored once).
guard let tenant = TenantID(rawValue: "crash-tenant"), let user = UserID(rawValue: "crash-user") else {
    fail("invalid tenant or user id")
}
var index = 0
while index < options.count {
    var chunk: [UsageEvent] = []
    for number in index..<min(options.count, index + 10) {
        guard let id = CrashChildOptions.eventID(seed: options.seed, index: number) else { fail("no id for event \(number)") }
        chunk.append(UsageEvent(
            id: id,
            tenant: tenant, user: user,
            kind: number.isMultiple(of: 2) ? .inputTokens : .outputTokens,
            quantity: number + 1,
            timestamp: Date(timeIntervalSince1970: TimeInterval(options.baseTime + number))))
    }
    do {
        try await ledger.record(chunk)
    } catch {
        fail("\(error)")
    }
    index += chunk.count
    say("recorded \(index)")
}

let stripe: StripeClient
do {
    let keyName = try SecretName(validating: "STRIPE_API_KEY")
    stripe = try StripeClient(
        secrets: EnvironmentSecretStore(filter: .only([keyName])),
        baseURL: options.serverURL,
        retrier: Retrier(policy: RetryPolicy(
            maxAttempts: 4, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(40),
            maxTotalTime: .seconds(300), retryableStatuses: [409, 429, 500, 502, 503, 504])),
        // Generous: on a busy machine a loopback answer can take seconds, and a timed-out
        // request that the server did accept is only a retry, never a failure of the test.
        timeout: .seconds(300))
} catch {
    fail("\(error)")
}
let reporter = MeterReporter(
    ledger: CrashChildProgressLedger(base: ledger), stripe: stripe,
    customers: StaticStripeCustomerLookup([tenant: "cus_crash_test"]),
    configuration: MeterReporterConfiguration(batchSize: options.batch))

for drain in 1...1_000 {
    do {
        let summary = try await reporter.reportPending()
        let pending = try await ledger.pendingCount()
        say("drain \(drain) reported \(summary.reported) duplicates \(summary.duplicates) failed \(summary.failedAttempts) pending \(pending)")
        if pending == 0 {
            say("done")
            exit(0)
        }
    } catch {
        fail("\(error)")
    }
    try? await Task.sleep(for: .milliseconds(10))
}
fail("events still pending after 1000 drains")
