import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// How a subprocess run ended.
enum IdentityProcessOutcome: Sendable {
    /// It exited (or was killed by a signal) on its own; output complete.
    case finished(status: Int32, stdout: [UInt8], stderr: [UInt8])
    /// It ran past the timeout and was killed.
    case timedOut
    /// The task was cancelled and the process was killed.
    case cancelled
    /// It could not be started, or its output was larger than allowed.
    case launchFailed(String)
}

/// Runs a subprocess with swift-subprocess, collecting its output, and kills it on timeout or
/// task cancellation (swift-subprocess's teardown ends with `SIGKILL`).
///
/// Not Foundation `Process`: on Linux (Swift 6.3) its `run()` can crash the whole process with
/// an over-read while listing `/proc/self/fd` (swift-corelibs-foundation #5472); swift-subprocess
/// closes inherited descriptors with `close_range`.
enum IdentityProcessRunner {
    /// Output kept per stream at most (the CLI's answer is a few hundred bytes).
    static let outputLimit = 1 << 20

    /// Runs `executable` with `arguments` and exactly `environment`, stdin from /dev/null, in `/`.
    static func run(
        executable: String,
        arguments: [String],
        environment: [String: String],
        timeout: Duration
    ) async -> IdentityProcessOutcome {
        if Task.isCancelled { return .cancelled }
        var variables: [Environment.Key: String] = [:]
        for (name, value) in environment { variables[Environment.Key(stringLiteral: name)] = value }
        let custom = Environment.custom(variables)
        return await withTaskGroup(of: IdentityProcessOutcome?.self) { group in
            group.addTask {
                do {
                    let result = try await Subprocess.run(
                        .path(FilePath(executable)), arguments: Arguments(arguments), environment: custom,
                        workingDirectory: FilePath("/"), input: .none,
                        output: .bytes(limit: outputLimit), error: .bytes(limit: outputLimit))
                    let status: Int32
                    switch result.terminationStatus {
                    case .exited(let code): status = Int32(truncatingIfNeeded: code)
                    case .signaled(let signal): status = 128 + Int32(truncatingIfNeeded: signal)
                    }
                    return .finished(status: status, stdout: result.standardOutput, stderr: result.standardError)
                } catch is CancellationError {
                    return .cancelled
                } catch {
                    if Task.isCancelled { return .cancelled }
                    return .launchFailed("\(error)")
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                    return .timedOut
                } catch {
                    return nil  // The process finished first, or the caller was cancelled.
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .cancelled
        }
    }
}
