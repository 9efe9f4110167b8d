import DaiBaiBilling
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("MeterCrash: SIGKILL at random points never loses or double-bills a usage event")
struct MeterCrashTests {
    static let eventCount = 200
    static let seed: UInt32 = 0xDA1B_A107
    static let kills = 6

    // No wall-clock deadline: a loaded machine only makes the children slower; the time limit
    // stops a hung child.
    @Test("Killed and restarted several times, the child bills every event exactly once", .timeLimit(.minutes(10)))
    func killAndRestart() async throws {
        let executable = try MeterCrashChildBinary.locate()
        let directory = try BillingTestDirectory()
        defer { directory.remove() }
        let ledgerPath = directory.file("ledger.sqlite")
        let baseTime = Int(Date().timeIntervalSince1970) - 3_600

        // Stripe-compatible server: about 8 % of requests answer 500, 6 % 429, and 8 % are
        // accepted but answered slowly (a kill then leaves an accepted event unmarked).
        let fake = MeterFakeStripe(fault: { _, number in
            switch MeterCrashRandom.mix(UInt64(number) &+ 0xC0FFEE) % 100 {
            case 0..<8: .serverError
            case 8..<14: .rateLimited
            case 14..<22: .slow(.milliseconds(25))
            default: nil
            }
        })
        try await withLoopbackServer([fake.route]) { server in
            let arguments = [
                "--ledger", ledgerPath, "--server", server.baseURL, "--count", "\(Self.eventCount)",
                "--seed", "\(Self.seed)", "--base-time", "\(baseTime)", "--batch", "7",
            ]
            var environment = ProcessInfo.processInfo.environment
            environment["STRIPE_API_KEY"] = stripeTestKey
            var random = MeterCrashRandom(seed: 20_261_128)
            var killed = 0
            var outputs: [String] = []

            for round in 0..<Self.kills {
                let run = try await MeterCrashChildRun(
                    executable: executable, arguments: arguments, environment: environment,
                    outputPath: directory.file("round-\(round).log"))
                // A random kill point: while recording (after some "recorded" lines) or while
                // reporting (after some events were marked reported), plus a few milliseconds.
                let whileRecording = Int.random(in: 0..<4, using: &random) == 0
                let prefix = whileRecording ? "recorded " : "marked "
                let target = whileRecording
                    ? Int.random(in: 1...(Self.eventCount / 10), using: &random)
                    : Int.random(in: 1...(2 * Self.eventCount / (Self.kills + 1)), using: &random)
                let extra = Int.random(in: 0...12, using: &random)
                while !run.hasExited, run.lines.filter({ $0.hasPrefix(prefix) }).count < target {
                    try await Task.sleep(for: .milliseconds(1))
                }
                try await Task.sleep(for: .milliseconds(extra))
                if !run.hasExited {
                    run.kill()
                    killed += 1
                }
                await run.waitForExit()
                outputs.append(run.lines.last ?? "")
            }

            let final = try await MeterCrashChildRun(
                executable: executable, arguments: arguments, environment: environment,
                outputPath: directory.file("final.log"))
            let status = await final.waitForExit()
            #expect(status == 0, "final run output: \(final.lines.suffix(5))")
            #expect(final.lines.last == "done")

            // Every event reached Stripe, each identifier was accepted exactly once, with its values.
            let expected = (0..<Self.eventCount).compactMap { Self.identifier($0) }
            #expect(expected.count == Self.eventCount)
            #expect(fake.acceptedOrder.count == Self.eventCount)
            #expect(Set(fake.acceptedOrder) == Set(expected))
            for (index, identifier) in expected.enumerated() {
                let event = fake.accepted[identifier]
                #expect(event?.value == "\(index + 1)")
                #expect(event?.eventName == (index.isMultiple(of: 2) ? "daibai_input_tokens" : "daibai_output_tokens"))
                #expect(event?.timestamp == "\(baseTime + index)")
                #expect(event?.customer == "cus_crash_test")
            }

            // The ledger agrees: nothing pending, everything reported.
            let ledger = try SQLiteUsageLedger(path: ledgerPath)
            #expect(try await ledger.pendingCount() == 0)
            for index in [0, Self.eventCount / 2, Self.eventCount - 1] {
                let id = try #require(UUID(uuidString: expected[index]))
                guard case .reported = try await ledger.status(of: id) else {
                    Issue.record("event \(index) is not marked reported")
                    continue
                }
            }
            #expect(killed >= 1, "no run was killed before it finished: the test exercised no crash")

            let extraPosts = fake.posts.values.reduce(0) { $0 + max(0, $1 - 1) }
            print("MeterCrash: \(killed) kills of \(Self.kills) rounds (last lines: \(outputs)); \(fake.requestCount) POSTs for \(Self.eventCount) events: \(fake.duplicateRefusals) refused as duplicate identifiers, \(extraPosts) repeated POSTs in total (retries included)")
        }
    }

    /// The identifier of event `index`, as the child derives it.
    static func identifier(_ index: Int) -> String? {
        let seedHex = String(seed, radix: 16)
        let indexHex = String(index, radix: 16)
        return (String(repeating: "0", count: 8 - seedHex.count) + seedHex + "-0000-4000-8000-"
            + String(repeating: "0", count: 12 - indexHex.count) + indexHex).lowercased()
    }
}
