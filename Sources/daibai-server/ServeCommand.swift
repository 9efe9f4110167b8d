import ArgumentParser
import DaiBaiCore
import DaiBaiServer
import Foundation
import Logging
import ServiceLifecycle

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
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "daibai.server")
        var overrides: [String: String] = [:]
        if developmentAuth { overrides["SERVER_AUTH"] = "development" }
        if let host { overrides["SERVER_HOST"] = host }
        if let port { overrides["SERVER_PORT"] = String(port) }
        let options = ConfigurationLoader.Options(configFile: config, environment: ProcessInfo.processInfo.environment)
        let built = try await ServerBootstrap.bootstrap(options: options, overrides: overrides, logger: logger)
        let host = built.settings.host
        let app = DaiBaiServerApp.makeApplication(components: built.components, settings: built.settings, logger: logger) { port in
            FileHandle.standardOutput.write(Data("daibai-server listening on http://\(host):\(port)\n".utf8))
        }
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
