import Foundation
import Subprocess
import Synchronization
import Testing
#if canImport(System)
import System
#else
import SystemPackage
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds and runs the `daibai-meter-crash-child` executable that SwiftPM builds next to the
/// test bundle (`swift build --build-tests` and `swift test` both build it).
enum MeterCrashChildBinary {
    static let name = "daibai-meter-crash-child"

    /// The executable, or a failure saying where it was looked for.
    static func locate() throws -> URL {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["DAIBAI_METER_CRASH_CHILD"] {
            candidates.append(URL(fileURLWithPath: override))
        }
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.appendingPathComponent(name))
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent(name))
        if let argument = CommandLine.arguments.first {
            let runner = URL(fileURLWithPath: argument).deletingLastPathComponent()
            candidates.append(runner.appendingPathComponent(name))
            candidates.append(runner.deletingLastPathComponent().appendingPathComponent(name))
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw MeterCrashTestError(
            "the \(name) executable was not found (looked in \(candidates.map(\.path).joined(separator: ", "))); "
                + "build it with `swift build --build-tests` or set DAIBAI_METER_CRASH_CHILD")
    }
}

/// A failure of the crash-test harness itself.
struct MeterCrashTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One run of the child, its standard output going to a file the test polls.
///
/// Spawned with swift-subprocess, not Foundation `Process`, whose `run()` can crash the test
/// process on Linux (an over-read listing `/proc/self/fd`, swift-corelibs-foundation #5472).
final class MeterCrashChildRun: Sendable {
    let outputPath: String
    private let pid: pid_t
    private let exitStatus = MeterCrashStatus()
    private let exited = MeterCrashFlag()
    private let running: Task<Void, Never>

    init(executable: URL, arguments: [String], environment: [String: String], outputPath: String) async throws {
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileDescriptor.open(FilePath(outputPath), .writeOnly, options: [.truncate])
        var variables: [Environment.Key: String] = [:]
        for (name, value) in environment { variables[Environment.Key(stringLiteral: name)] = value }
        let configuration = Configuration(
            executable: .path(FilePath(executable.path)), arguments: Arguments(arguments), environment: .custom(variables))
        let (spawned, spawnedContinuation) = AsyncStream<Result<pid_t, any Error>>.makeStream()
        let exitStatus = self.exitStatus
        let exited = self.exited
        running = Task {
            do {
                let result = try await Subprocess.run(
                    configuration, input: .none,
                    output: .fileDescriptor(output, closeAfterSpawningProcess: false),
                    error: .fileDescriptor(output, closeAfterSpawningProcess: false)
                ) { execution in
                    spawnedContinuation.yield(.success(execution.processIdentifier.value))
                    spawnedContinuation.finish()
                }
                let status: Int32
                switch result.terminationStatus {
                case .exited(let code): status = Int32(truncatingIfNeeded: code)
                case .signaled(let signal): status = 128 + Int32(truncatingIfNeeded: signal)
                }
                exitStatus.set(status)
            } catch {
                spawnedContinuation.yield(.failure(error))
                spawnedContinuation.finish()
                exitStatus.set(-1)
            }
            try? output.close()
            exited.set()
        }
        var first: Result<pid_t, any Error>?
        for await outcome in spawned {
            first = outcome
            break
        }
        guard let first else { throw MeterCrashTestError("the child did not start") }
        self.pid = try first.get()
        self.outputPath = outputPath
    }

    /// Whether the process has ended (and was reaped).
    var hasExited: Bool { exited.isSet }

    /// The lines printed so far.
    var lines: [String] {
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Kills the child with SIGKILL (no cleanup, no flush: a crash).
    func kill() {
        _ = Foundation.kill(pid, SIGKILL)
    }

    /// Waits until the process ended, however long that takes on a loaded machine (the
    /// test's time limit stops a hung child); returns its exit status (128 + signal when killed).
    @discardableResult
    func waitForExit() async -> Int32 {
        await running.value
        return exitStatus.value ?? -1
    }
}

/// An exit status set once from any thread.
final class MeterCrashStatus: Sendable {
    private let status = Mutex<Int32?>(nil)
    var value: Int32? { status.withLock { $0 } }
    func set(_ value: Int32) { status.withLock { $0 = value } }
}

/// A flag set once from any thread.
final class MeterCrashFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

/// A small seeded generator (SplitMix64), so kill points and faults repeat run after run.
struct MeterCrashRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A fixed pseudo-random value for `value` (the same every time).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
