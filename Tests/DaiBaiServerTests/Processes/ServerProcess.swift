import Foundation
import Subprocess
import Synchronization
#if canImport(System)
import System
#else
import SystemPackage
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A running `daibai-server` executable (found next to the test bundle), its stdout in a file.
final class ServerProcess: Sendable {
    static let name = "daibai-server"
    let outputPath: String
    private let pid: pid_t
    private let status = StatusBox()
    private let running: Task<Void, Never>

    struct Failure: Error, CustomStringConvertible { let description: String }

    static func locate() throws -> URL {
        var candidates = [Bundle.main.bundleURL.appendingPathComponent(name), Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name)]
        if let argument = CommandLine.arguments.first {
            let runner = URL(fileURLWithPath: argument).deletingLastPathComponent()
            candidates += [runner.appendingPathComponent(name), runner.deletingLastPathComponent().appendingPathComponent(name)]
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw Failure(description: "\(name) not found in \(candidates.map(\.path)); build it with `swift build --build-tests`")
        }
        return found
    }

    init(arguments: [String], environment: [String: String], outputPath: String) async throws {
        let executable = try Self.locate()
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: outputPath + ".err", contents: nil)
        let output = try FileDescriptor.open(FilePath(outputPath), .writeOnly, options: [.truncate])
        let errors = try FileDescriptor.open(FilePath(outputPath + ".err"), .writeOnly, options: [.truncate])
        var variables: [Environment.Key: String] = [:]
        for (key, value) in environment { variables[Environment.Key(stringLiteral: key)] = value }
        let configuration = Configuration(executable: .path(FilePath(executable.path)), arguments: Arguments(arguments), environment: .custom(variables))
        let (spawned, continuation) = AsyncStream<Result<pid_t, any Error>>.makeStream()
        let status = self.status
        running = Task {
            do {
                let result = try await Subprocess.run(
                    configuration, input: .none,
                    output: .fileDescriptor(output, closeAfterSpawningProcess: false),
                    error: .fileDescriptor(errors, closeAfterSpawningProcess: false)
                ) { execution in
                    continuation.yield(.success(execution.processIdentifier.value))
                    continuation.finish()
                }
                switch result.terminationStatus {
                case .exited(let code): status.set(Int32(truncatingIfNeeded: code))
                case .signaled(let signal): status.set(128 + Int32(truncatingIfNeeded: signal))
                }
            } catch {
                continuation.yield(.failure(error))
                continuation.finish()
                status.set(-1)
            }
            try? output.close()
            try? errors.close()
        }
        var first: Result<pid_t, any Error>?
        for await outcome in spawned { first = outcome; break }
        guard let first else { throw Failure(description: "the server did not start") }
        pid = try first.get()
        self.outputPath = outputPath
    }

    /// Waits for `daibai-server listening on http://HOST:PORT` and returns the port.
    func port(timeout: Duration = .seconds(300)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("daibai-server listening on http://") }),
               let port = line.split(separator: ":").last.flatMap({ Int($0) }) {
                return port
            }
            if status.value != nil {
                throw Failure(description: "the server exited: \((try? String(contentsOfFile: outputPath + ".err", encoding: .utf8)) ?? "")")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Failure(description: "no listening line within \(timeout)")
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate() async -> Int32 {
        _ = kill(pid, SIGTERM)
        await running.value
        return status.value ?? -1
    }
}

/// The exit status, once known.
final class StatusBox: Sendable {
    private let stored = Mutex<Int32?>(nil)
    func set(_ value: Int32) { stored.withLock { $0 = value } }
    var value: Int32? { stored.withLock { $0 } }
}
