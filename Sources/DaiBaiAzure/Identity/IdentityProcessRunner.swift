import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a subprocess run ended.
enum IdentityProcessOutcome: Sendable {
    /// It exited (or was killed by a signal) on its own; output complete.
    case finished(status: Int32, stdout: [UInt8], stderr: [UInt8])
    /// It ran past the timeout and was killed.
    case timedOut
    /// The task was cancelled and the process was killed.
    case cancelled
    /// It could not be started.
    case launchFailed(String)
}

/// Runs a subprocess with Foundation `Process`, collecting its output, killing it (SIGKILL)
/// on timeout or task cancellation.
///
/// Output is read by two short-lived threads doing blocking reads until end of file (so the
/// cooperative thread pool never blocks). After a kill the outcome is delivered at once, without
/// waiting for end of file.
enum IdentityProcessRunner {
    /// Runs `executable` with `arguments` and exactly `environment`, stdin from /dev/null.
    static func run(
        executable: String,
        arguments: [String],
        environment: [String: String],
        timeout: Duration
    ) async -> IdentityProcessOutcome {
        if Task.isCancelled { return .cancelled }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let collector = IdentityProcessCollector()
        process.terminationHandler = { finished in
            collector.exited(status: finished.terminationStatus)
        }
        do {
            try process.run()
        } catch {
            return .launchFailed("\(error.localizedDescription)")
        }
        collector.started(pid: process.processIdentifier)
        // Blocking reads on their own threads, off the cooperative pool; each ends at end of file.
        let stdoutHandle = out.fileHandleForReading
        let stderrHandle = err.fileHandleForReading
        Thread.detachNewThread {
            collector.received(stdoutHandle.readDataToEndOfFile(), fromStandardError: false)
            collector.received(Data(), fromStandardError: false)
        }
        Thread.detachNewThread {
            collector.received(stderrHandle.readDataToEndOfFile(), fromStandardError: true)
            collector.received(Data(), fromStandardError: true)
        }
        let outcome = await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        try await Task.sleep(for: timeout)
                        collector.abort(.timedOut)
                    } catch {
                        // Cancelled: the process finished first, or the caller was cancelled.
                    }
                }
                let outcome = await collector.outcome()
                group.cancelAll()
                return outcome
            }
        } onCancel: {
            collector.abort(.cancelled)
        }
        return outcome
    }
}

/// Collects a subprocess's output and exit, and delivers the outcome once.
final class IdentityProcessCollector: Sendable {
    private struct State {
        var pid: Int32?
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var stdoutClosed = false
        var stderrClosed = false
        var status: Int32?
        var outcome: IdentityProcessOutcome?
        var continuation: CheckedContinuation<IdentityProcessOutcome, Never>?
        /// Output kept per stream at most (the CLI's answer is a few hundred bytes).
        static let limit = 1 << 20
    }

    private let state = Mutex(State())

    /// Records the started process's ID (used to kill it).
    func started(pid: Int32) {
        state.withLock { $0.pid = pid }
    }

    /// Appends output; empty data means the stream ended.
    func received(_ data: Data, fromStandardError: Bool) {
        let ready = state.withLock { state -> (CheckedContinuation<IdentityProcessOutcome, Never>, IdentityProcessOutcome)? in
            if fromStandardError {
                if data.isEmpty { state.stderrClosed = true } else if state.stderr.count < State.limit { state.stderr.append(contentsOf: data) }
            } else {
                if data.isEmpty { state.stdoutClosed = true } else if state.stdout.count < State.limit { state.stdout.append(contentsOf: data) }
            }
            return Self.completeIfDone(&state)
        }
        if let (continuation, outcome) = ready { continuation.resume(returning: outcome) }
    }

    /// Records the exit status.
    func exited(status: Int32) {
        let ready = state.withLock { state -> (CheckedContinuation<IdentityProcessOutcome, Never>, IdentityProcessOutcome)? in
            state.status = status
            return Self.completeIfDone(&state)
        }
        if let (continuation, outcome) = ready { continuation.resume(returning: outcome) }
    }

    /// Kills the process (if still running) and ends the wait with `outcome`.
    func abort(_ outcome: IdentityProcessOutcome) {
        let ready = state.withLock { state -> (CheckedContinuation<IdentityProcessOutcome, Never>?, IdentityProcessOutcome)? in
            guard state.outcome == nil else { return nil }
            if state.status == nil, let pid = state.pid, pid > 0 { kill(pid, SIGKILL) }
            state.outcome = outcome
            defer { state.continuation = nil }
            return (state.continuation, outcome)
        }
        if let (continuation, outcome) = ready { continuation?.resume(returning: outcome) }
    }

    /// Waits for the outcome.
    func outcome() async -> IdentityProcessOutcome {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> IdentityProcessOutcome? in
                if let outcome = state.outcome { return outcome }
                state.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private static func completeIfDone(_ state: inout State) -> (CheckedContinuation<IdentityProcessOutcome, Never>, IdentityProcessOutcome)? {
        guard state.outcome == nil, let status = state.status, state.stdoutClosed, state.stderrClosed else { return nil }
        let outcome = IdentityProcessOutcome.finished(status: status, stdout: state.stdout, stderr: state.stderr)
        state.outcome = outcome
        guard let continuation = state.continuation else { return nil }
        state.continuation = nil
        return (continuation, outcome)
    }
}
