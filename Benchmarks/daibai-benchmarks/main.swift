// Release-mode benchmarks.
//
//     swift run -c release daibai-benchmarks [all]                     # everything (default)
//     swift run -c release daibai-benchmarks guard [questions.jsonl] [seconds]
//     swift run -c release daibai-benchmarks agent [questions]         # questions ≥ 2,000 (default 5,000)
//     swift run -c release daibai-benchmarks relay [queries]           # default 500
//     swift run -c release daibai-benchmarks keys [iterations]         # default 10,000
//     swift run -c release daibai-benchmarks telemetry [questions]     # default 5,000
//     swift run -c release daibai-benchmarks server-cold-start [runs]  # default 20
//
// guard: the SQL guard over the Spider dev gold queries (statements per second on one thread).
// Without a path it reads $DAIBAI_SHARED_DATA/spider-dev/questions.jsonl, else
// ../shared/data/spider-dev/questions.jsonl relative to the current directory.
//
// agent: the Agent's own overhead per question on the sample music-store database with an
// instant fake model and a warm schema cache, SQL not executed (p50/p90/p99/mean), the same for
// a verified-cache hit, and 1,000 concurrent questions across 10 tenants with a fake model that
// answers after 50 ms (wall time). See AgentBenchmark.swift.
//
// relay: queries through the local relay and a relay agent on loopback, sequential (p50/p99)
// and 50 concurrent through one agent. See RelayBenchmark.swift.
//
// keys: the user key vault with the local KEK: one data-key unwrap, and one whole key read from
// SQLite (p50/p99 in µs). See KeyVaultBenchmark.swift.
//
// telemetry: the Agent's p50 per question without telemetry backends and with the Application
// Insights metrics, tracer and log handler (exporter running). See TelemetryBenchmark.swift.
//
// server-cold-start: exec of the daibai-server built beside it → first 200 of POST /v1/ask on the
// verified-cache path, with an empty storage directory and with one kept from a previous start.
// See ServerColdStartBenchmark.swift; scripts/bench-server adds requests/s under wrk.
//
// For backward compatibility, a first argument that is not a command is the guard's questions path.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.first ?? "all"
switch command {
case "guard":
    GuardBenchmark.run(arguments: Array(arguments.dropFirst()))
case "agent":
    await AgentBenchmark.run(arguments: Array(arguments.dropFirst()))
case "relay":
    await RelayBenchmark.run(arguments: Array(arguments.dropFirst()))
case "telemetry":
    await TelemetryBenchmark.run(arguments: Array(arguments.dropFirst()))
case "keys":
    await KeyVaultBenchmark.run(arguments: Array(arguments.dropFirst()))
case "server-cold-start":
    await ServerColdStartBenchmark.run(arguments: Array(arguments.dropFirst()))
case "all":
    GuardBenchmark.run(arguments: [])
    print("")
    await AgentBenchmark.run(arguments: [])
    print("")
    await RelayBenchmark.run(arguments: [])
    print("")
    await KeyVaultBenchmark.run(arguments: [])
case "-h", "--help", "help":
    print("usage: daibai-benchmarks [all | guard [questions.jsonl] [seconds] | agent [questions] | relay [queries] | keys [iterations] | telemetry [questions] | server-cold-start [runs]]")
default:
    GuardBenchmark.run(arguments: arguments)
}
