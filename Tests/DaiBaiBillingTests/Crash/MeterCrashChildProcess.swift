import Foundation
import Synchronization
import Testing
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
final class MeterCrashChildRun: Sendable {
    let process: Process
    let outputPath: String
    private let exited = MeterCrashFlag()

    init(executable: URL, arguments: [String], environment: [String: String], outputPath: String) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        guard let output = FileHandle(forWritingAtPath: outputPath) else {
            throw MeterCrashTestError("cannot write \(outputPath)")
        }
        process.standardOutput = output
        process.standardError = output
        self.process = process
        self.outputPath = outputPath
        process.terminationHandler = { [exited] _ in exited.set() }
        try process.run()
        try? output.close()
    }

    /// Whether the process has ended.
    /// Foundation's termination handler can be late on Linux, so `isRunning` counts too.
    var hasExited: Bool { exited.isSet || !process.isRunning }

    /// The lines printed so far.
    var lines: [String] {
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Kills the child with SIGKILL (no cleanup, no flush: a crash).
    func kill() {
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
    }

    /// Waits until the process ended, however long that takes on a loaded machine (the
    /// test's time limit stops a hung child); returns its exit status.
    @discardableResult
    func waitForExit() async -> Int32 {
        while !hasExited {
            try? await Task.sleep(for: .milliseconds(2))
        }
        return process.terminationStatus
    }
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
