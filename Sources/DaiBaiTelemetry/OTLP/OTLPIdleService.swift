import ServiceLifecycle

/// The service of backends that export nothing: it runs until the graceful shutdown (a service
/// that returned at once would end the application's whole `ServiceGroup`).
struct OTLPIdleService: Service {
    func run() async throws {
        try await gracefulShutdown()
    }
}
