import DaiBaiTestSupport
import Logging
import ServiceLifecycle
import Testing

/// Runs `service` in a `ServiceGroup` while `body` runs, then shuts the group down gracefully
/// and waits for it to finish (a safety net turns a hang into a failure).
func withRunningService<T>(
    _ service: any Service,
    _ body: () async throws -> T
) async throws -> T {
    let group = ServiceGroup(
        services: [service], gracefulShutdownSignals: [], cancellationSignals: [],
        logger: Logger(label: "daibai.test.group") { SwiftLogNoOpLogHandler($0) })
    let stopped = TestSignal()
    let run = Task {
        defer { stopped.fire() }
        try await group.run()
    }
    let result: T
    do {
        result = try await body()
    } catch {
        await group.triggerGracefulShutdown()
        if await !stopped.wait(timeout: TestPatience.safetyNet) { run.cancel() }
        _ = await run.result
        throw error
    }
    await group.triggerGracefulShutdown()
    let finished = await stopped.wait(timeout: TestPatience.safetyNet)
    #expect(finished, "the OTLP service did not finish its graceful shutdown")
    if !finished { run.cancel() }
    try await run.value
    return result
}
