import DaiBaiBilling
import DaiBaiCore
import DaiBaiFunctions
import Foundation
import Hummingbird
import Logging
import Tracing

/// Builds the DaiBai HTTP API over ``ServerComponents``.
public enum DaiBaiServerApp {
    /// Builds the router with every route and middleware; `registered` receives each route as
    /// it is added (the OpenAPI test compares them with the document).
    public static func makeRouter(components: ServerComponents, settings: ServerSettings, logger: Logger, registered: (@Sendable (ServerRoute) -> Void)? = nil) -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: TracingMiddleware(tracer: components.tracer ?? InstrumentationSystem.tracer))
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: BodyLimitMiddleware(maxBytes: settings.maxBodyBytes))
        let note: @Sendable (String, String) -> Void = { method, path in registered?(ServerRoute(method: method, path: path)) }

        let health = HealthRoutes(checks: components.readinessChecks, timeout: components.readinessTimeout)
        router.get("healthz", use: health.healthz); note("GET", "/healthz")
        router.get("readyz", use: health.readyz); note("GET", "/readyz")
        router.get("openapi.yaml") { _, _ in try openAPIResponse() }; note("GET", "/openapi.yaml")

        let webhook = WebhookRoutes(handler: components.webhookHandler)
        router.post("v1/stripe/webhook", use: webhook.handle); note("POST", "/v1/stripe/webhook")

        let v1 = router.group("v1")
            .add(middleware: AuthenticationMiddleware(authenticator: components.authenticator))
            .add(middleware: RateLimitMiddleware(limiter: components.rateLimiter))
        let ask = AskRoutes(agent: components.agent)
        v1.post("ask", use: ask.ask); note("POST", "/v1/ask")
        v1.post("ask/stream", use: ask.stream); note("POST", "/v1/ask/stream")
        let conversations = ConversationRoutes(chats: components.chats)
        v1.get("conversations", use: conversations.list); note("GET", "/v1/conversations")
        v1.get("conversations/:id", use: conversations.read); note("GET", "/v1/conversations/{id}")
        v1.delete("conversations/:id", use: conversations.delete); note("DELETE", "/v1/conversations/{id}")
        let agent = components.agent
        let databases = DatabaseRoutes(inventory: components.inventory, secrets: components.secrets) { caller in
            let all = (try? await agent.databases.databaseNames(context: caller)) ?? []
            return all
        }
        v1.get("databases", use: databases.list); note("GET", "/v1/databases")
        v1.get("databases/:name", use: databases.get); note("GET", "/v1/databases/{name}")
        v1.put("databases/:name", use: databases.put); note("PUT", "/v1/databases/{name}")
        v1.delete("databases/:name", use: databases.delete); note("DELETE", "/v1/databases/{name}")
        let keys = KeyRoutes(vault: components.keyVault)
        v1.get("keys", use: keys.list); note("GET", "/v1/keys")
        v1.put("keys/:provider", use: keys.put); note("PUT", "/v1/keys/{provider}")
        v1.delete("keys/:provider", use: keys.delete); note("DELETE", "/v1/keys/{provider}")

        if settings.runsUnderFunctions {
            _ = router.addFunctionsTriggers([meterDrainTrigger(components.meterReporter)], logger: logger)
        }
        return router
    }

    /// The application: the router on `settings.host:settings.port`; `onServerRunning` learns the bound port.
    public static func makeApplication(
        components: ServerComponents, settings: ServerSettings, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = makeRouter(components: components, settings: settings, logger: logger)
        return Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "daibai-server"),
            services: components.services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? settings.port) },
            logger: logger)
    }

    /// The `MeterDrain` timer trigger: drains the meter reporter, or says metering is not configured.
    static func meterDrainTrigger(_ reporter: MeterReporter?) -> FunctionsTrigger {
        FunctionsTrigger(name: "MeterDrain") { _ in
            guard let reporter else {
                return FunctionsInvocationResponse(logs: ["Metering is not configured (store STRIPE_API_KEY in the billing owner's secrets); nothing was reported."])
            }
            let summary = try await reporter.reportPending()
            return FunctionsInvocationResponse(logs: ["MeterDrain: \(summary)"])
        }
    }

    /// The bundled OpenAPI document.
    static func openAPIResponse() throws -> Response {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw ServerError(status: .internalServerError, code: "internal", message: "The OpenAPI document is missing from the server's resources.")
        }
        let data = try Data(contentsOf: url)
        return Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: .init(bytes: data)))
    }
}
