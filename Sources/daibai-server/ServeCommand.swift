import ArgumentParser
import DaiBaiCore
import DaiBaiServer
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Tracing

/// `daibai-server serve`: runs the API until SIGTERM or SIGINT, then shuts down gracefully.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serves the DaiBai HTTP API.")

    @Option(name: .long, help: "The address to listen on (server.host; default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "The port (server.port; default 8080; 0 picks a free one).")
    var port: Int?

    @Flag(name: .long, help: "Accept 'Bearer dev:<tenant>:<user>' tokens without proof (same as SERVER_AUTH=development). Local testing only.")
    var developmentAuth = false

    @Option(name: .long, help: "A daibai.yaml configuration file.")
    var config: String?

    mutating func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let options = ConfigurationLoader.Options(configFile: config, environment: environment)
        // Telemetry is decided before the first logger exists: logging can be bootstrapped once.
        let telemetrySettings = try ServerTelemetrySettings(config: ConfigurationLoader.load(options).reader)
        let telemetry = try ServerTelemetry.make(
            settings: telemetrySettings, environment: environment,
            logger: Logger(label: "daibai.telemetry", factory: { StreamLogHandler.standardError(label: $0) }))
        LoggingSystem.bootstrap { label in
            var console = StreamLogHandler.standardError(label: label)
            console.logLevel = .info
            guard let telemetry else { return console }
            return MultiplexLogHandler([console, telemetry.logHandler(label: label)])
        }
        if let telemetry {
            MetricsSystem.bootstrap(telemetry.metrics)
            InstrumentationSystem.bootstrap(telemetry.tracer)
        }
        let logger = Logger(label: "daibai.server")
        var overrides: [String: String] = [:]
        if developmentAuth { overrides["SERVER_AUTH"] = "development" }
        if let host { overrides["SERVER_HOST"] = host }
        if let port { overrides["SERVER_PORT"] = String(port) }
        let built = try await ServerBootstrap.bootstrap(options: options, overrides: overrides, logger: logger)
        let host = built.settings.host
        let app = DaiBaiServerApp.makeApplication(components: built.components, settings: built.settings, logger: logger) { port in
            FileHandle.standardOutput.write(Data("daibai-server listening on http://\(host):\(port)\n".utf8))
        }
        // The exporter first, so it is shut down last and sends what the server logged on the way down.
        let group = ServiceGroup(
            configuration: .init(
                services: (telemetry?.services ?? []) + [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
