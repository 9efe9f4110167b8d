import DaiBaiCore
import DaiBaiRelay
import DaiBaiRelayTestSupport
import Foundation

/// Queries through the relay on loopback: the local relay from the test support (real
/// WebSockets, SAS checked), a `RelayAgent` serving the sample music-store SQLite database, and
/// the cloud side's `RelayDatabaseConnector` from `RelayConnectorFactory`.
///
/// 1. Sequential: N queries one after the other, each timed (one relayed WebSocket each).
/// 2. Concurrent: 50 queries at once through one agent, timed each, and the wall time.
enum RelayBenchmark {
    static let sql = "SELECT genre_id, name FROM genres ORDER BY genre_id"

    static func run(arguments: [String]) async {
        let count = arguments.first.flatMap(Int.init) ?? 500
        do {
            try await measure(count: count)
        } catch {
            print("relay benchmark failed: \(error)")
        }
    }

    static func measure(count: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("daibai-relay-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("music.sqlite").path
        try SampleDatabase.createMusicStore(at: path)
        let listenKey = "YmVuY2htYXJrLWxpc3Rlbg=="
        let sendKey = "YmVuY2htYXJrLXNlbmQ="
        let relay = try await LocalRelayServer.start(namespace: "bench.servicebus.windows.net", keys: ["listen": listenKey, "send": sendKey])
        let tenant = TenantID(rawValue: "bench") ?? .local
        let agent = RelayAgent(
            address: HybridConnectionAddress(namespace: "bench.servicebus.windows.net", path: "hc", endpointOverride: relay.endpoint),
            tokens: SharedAccessKeyTokenProvider(keyName: "listen", key: SecretValue(listenKey)),
            configuration: RelayAgentConfiguration(tenant: tenant, databases: [ExposedDatabase(name: "music", connector: try SQLiteConnector(path: path))]))
        let running = Task { try await agent.run() }
        defer { running.cancel() }
        try await relay.waitForListeners(path: "hc", count: 1, timeout: .seconds(60))
        let connector = try await RelayConnectorFactory(endpointOverride: relay.endpoint).connector(
            for: DataServer(name: "music", dialect: .sqlite, location: .onPremises, connectionSecret: SecretName(validating: "RELAY")),
            connectionString: SecretValue("Endpoint=sb://bench.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=\(sendKey);EntityPath=hc"),
            context: RequestContext(tenant: tenant, user: .local))
        let options = QueryOptions(maxRows: 100, timeout: .seconds(60))
        for _ in 0..<20 { _ = try await connector.executeReadOnly(sql, options: options) }

        print("Relay (loopback, one relayed WebSocket per query, \(sql)):")
        var sequential: [Duration] = []
        for _ in 0..<count {
            let started = ContinuousClock.now
            let result = try await connector.executeReadOnly(sql, options: options)
            sequential.append(ContinuousClock.now - started)
            guard result.rows.count == 15 else { throw RelayError.protocolViolation("expected 15 genres, got \(result.rows.count)") }
        }
        print("  sequential, \(count) queries: \(summary(sequential))")

        let wallStarted = ContinuousClock.now
        let concurrent = try await withThrowingTaskGroup(of: Duration.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    let started = ContinuousClock.now
                    let result = try await connector.executeReadOnly(sql, options: options)
                    guard result.rows.count == 15 else { throw RelayError.protocolViolation("expected 15 genres") }
                    return ContinuousClock.now - started
                }
            }
            var all: [Duration] = []
            for try await duration in group { all.append(duration) }
            return all
        }
        let wall = ContinuousClock.now - wallStarted
        print("  50 concurrent through one agent: \(summary(concurrent)); wall \(milliseconds(wall)) ms")
        running.cancel()
        _ = await running.result
        await relay.shutdown()
    }

    static func summary(_ durations: [Duration]) -> String {
        let sorted = durations.sorted()
        func at(_ fraction: Double) -> Duration { sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction + 0.5))] }
        return "p50 \(milliseconds(at(0.5))) ms, p99 \(milliseconds(at(0.99))) ms, max \(milliseconds(sorted.last ?? .zero)) ms"
    }

    static func milliseconds(_ duration: Duration) -> String {
        let parts = duration.components
        return String(format: "%.2f", Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15)
    }
}
