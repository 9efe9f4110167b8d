import Foundation
import Hummingbird
import Logging

/// `/healthz` (liveness) and `/readyz` (every component's check, each with a timeout).
struct HealthRoutes {
    let checks: [ReadinessCheck]
    let timeout: Duration

    struct ComponentStatus: Encodable, Sendable { var name: String; var ok: Bool; var message: String? }
    struct ReadyBody: Encodable { var ready: Bool; var components: [ComponentStatus] }

    func healthz(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try JSONResponse.make(["status": "ok"])
    }

    func readyz(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let timeout = self.timeout
        let logger = context.logger
        let results = await withTaskGroup(of: (Int, ComponentStatus).self) { group in
            for (index, check) in checks.enumerated() {
                group.addTask {
                    (index, await Self.run(check, timeout: timeout, logger: logger))
                }
            }
            var statuses: [(Int, ComponentStatus)] = []
            for await status in group { statuses.append(status) }
            return statuses.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let ready = results.allSatisfy(\.ok)
        return try JSONResponse.make(ReadyBody(ready: ready, components: results), status: ready ? .ok : .serviceUnavailable)
    }

    /// Runs one check; the message is generic (details go to the log only, since errors of
    /// backends may name hosts or users).
    private static func run(_ check: ReadinessCheck, timeout: Duration, logger: Logger) async -> ComponentStatus {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await check.probe() }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw ReadinessTimeout()
                }
                try await group.next()
                group.cancelAll()
            }
            return ComponentStatus(name: check.name, ok: true, message: nil)
        } catch is ReadinessTimeout {
            logger.warning("readiness check timed out", metadata: ["component": .string(check.name)])
            return ComponentStatus(name: check.name, ok: false, message: "did not answer within \(timeout)")
        } catch {
            logger.warning("readiness check failed", metadata: ["component": .string(check.name), "error": "\(error)"])
            return ComponentStatus(name: check.name, ok: false, message: "the check failed; see the server log")
        }
    }

    private struct ReadinessTimeout: Error {}
}
