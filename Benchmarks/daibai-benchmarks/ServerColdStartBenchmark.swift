import AsyncHTTPClient
import Foundation
import NIOCore
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Cold start of `daibai-server`: the time from exec to the first `200` answer of
/// `POST /v1/ask` (a verified-cache question on the bundled sample), over fresh processes.
///
/// Two cases: an empty storage directory (the first start of an instance: the sample database
/// is created), and a storage directory a previous process left (every later start). The
/// server binary is the one built next to this benchmark (`swift build -c release --product
/// daibai-server`), or `$DAIBAI_SERVER_BINARY`.
enum ServerColdStartBenchmark {
    static func run(arguments: [String]) async {
        let runs = arguments.first.flatMap(Int.init) ?? 20
        guard runs >= 1 else { fail("server-cold-start takes a positive number of runs") }
        let binary = locateServer()
        print("daibai-server cold start (exec → first 200 of POST /v1/ask), \(runs) runs per case")
        print("  machine: \(machineDescription())")
        print("  binary: \(binary)")
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let kept = FileManager.default.temporaryDirectory.appendingPathComponent("daibai-cold-\(getpid())-kept").path
            var fresh: [Duration] = []
            var warm: [Duration] = []
            for run in 0..<runs {
                let empty = FileManager.default.temporaryDirectory.appendingPathComponent("daibai-cold-\(getpid())-\(run)").path
                fresh.append(try await measure(binary: binary, storage: empty, client: client))
                try? FileManager.default.removeItem(atPath: empty)
                warm.append(try await measure(binary: binary, storage: kept, client: client))
            }
            try? FileManager.default.removeItem(atPath: kept)
            print("  empty storage (sample created): \(RelayBenchmark.summary(fresh))")
            print("  storage kept from a previous start: \(RelayBenchmark.summary(Array(warm.dropFirst())))")
        } catch {
            try? await client.shutdown()
            fail("server-cold-start: \(error)")
        }
        try? await client.shutdown()
    }

    /// One process: spawn, wait for the listening line, ask until the first 200, SIGTERM.
    static func measure(binary: String, storage: String, client: HTTPClient) async throws -> Duration {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("daibai-cold-\(getpid()).out").path
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let descriptor = try FileDescriptor.open(FilePath(output), .writeOnly, options: [.truncate])
        var environment = ProcessInfo.processInfo.environment
        environment["STORAGE_DIRECTORY"] = storage
        environment["SERVER_RATE_LIMIT_PER_MINUTE"] = "1000000"
        var variables: [Environment.Key: String] = [:]
        for (name, value) in environment { variables[Environment.Key(stringLiteral: name)] = value }
        let configuration = Configuration(
            executable: .path(FilePath(binary)),
            arguments: ["serve", "--port", "0", "--development-auth"],
            environment: .custom(variables))
        let clock = ContinuousClock()
        let started = clock.now
        let (spawned, spawnedContinuation) = AsyncStream<pid_t>.makeStream()
        let process = Task {
            let result = try await Subprocess.run(
                configuration, input: .none,
                output: .fileDescriptor(descriptor, closeAfterSpawningProcess: false),
                error: .discarded
            ) { execution in
                spawnedContinuation.yield(execution.processIdentifier.value)
                spawnedContinuation.finish()
            }
            try? descriptor.close()
            return result.terminationStatus
        }
        var pid: pid_t = 0
        for await value in spawned { pid = value; break }
        defer { try? FileManager.default.removeItem(atPath: output) }
        let url = try await waitForListeningLine(in: output, deadline: started + .seconds(120))
        var request = HTTPClientRequest(url: url + "/v1/ask")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "authorization", value: "Bearer dev:bench:cold")
        request.body = .bytes(ByteBuffer(string: #"{"question": "Which 5 artists have sold the most tracks?"}"#))
        var elapsed: Duration?
        while elapsed == nil {
            if clock.now - started > .seconds(120) { throw BenchmarkError("no 200 from \(url)/v1/ask within 120 s") }
            if let response = try? await client.execute(request, timeout: .seconds(30)) {
                _ = try await response.body.collect(upTo: 1 << 24)
                if response.status == .ok {
                    elapsed = clock.now - started
                } else {
                    throw BenchmarkError("POST /v1/ask answered \(response.status)")
                }
            }
        }
        _ = kill(pid, SIGTERM)
        let status = try await process.value
        guard case .exited(0) = status else { throw BenchmarkError("daibai-server did not exit 0 on SIGTERM: \(status)") }
        return elapsed ?? .zero
    }

    /// Polls the server's standard output for `daibai-server listening on URL`.
    static func waitForListeningLine(in path: String, deadline: ContinuousClock.Instant) async throws -> String {
        let marker = "daibai-server listening on "
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix(marker) }) {
                return String(line.dropFirst(marker.count)).trimmingCharacters(in: .whitespaces)
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw BenchmarkError("daibai-server printed no listening line")
    }

    static func locateServer() -> String {
        if let override = ProcessInfo.processInfo.environment["DAIBAI_SERVER_BINARY"] { return override }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("daibai-server").path
        guard FileManager.default.isExecutableFile(atPath: beside) else {
            fail("daibai-server not found at \(beside); build it with `swift build -c release --product daibai-server` (same scratch path) or set DAIBAI_SERVER_BINARY")
        }
        return beside
    }
}

/// A benchmark that could not run.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
