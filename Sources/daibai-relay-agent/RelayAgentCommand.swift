import ArgumentParser
import DaiBaiAzure
import DaiBaiCore
import DaiBaiRelay
import Foundation
import Logging
import ServiceLifecycle

/// `daibai-relay-agent`: bridges databases on a private network to DaiBai in the cloud
/// through Azure Relay, with no VPN and no inbound port.
@main
struct RelayAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daibai-relay-agent",
        abstract: "Answer DaiBai's read-only queries for local databases through Azure Relay Hybrid Connections.",
        discussion: """
            The agent keeps an outbound WebSocket to the tenant's hybrid connection, reconnects \
            forever when it drops, and answers each request from the cloud: it checks the statement \
            again with DaiBai's SQL guard and runs it on a read-only connection, within its own row \
            and time limits. It refuses other tenants and databases it does not expose, logs each \
            query with its literals redacted, and stops cleanly on SIGTERM or SIGINT.

            Configuration: a YAML file (--config, else ./daibai-relay-agent.yaml, ./daibai.yaml), then \
            the environment (upper case, '_' for '.', such as RELAY_NAMESPACE), then a .env file.

              relay:
                namespace: contoso.servicebus.windows.net  # RELAY_NAMESPACE
                hybrid_connection: acme-onprem   # RELAY_HYBRID_CONNECTION
                tenant: acme                     # the only tenant served
                key_name: agent-listen           # policy with Listen; leave out to sign in
                key_secret: RELAY_KEY            # secret with its key      with Entra ID
                max_rows: 10000                  # rows per query, at most
                max_query_seconds: 60            # time per query, at most
                endpoint: ws://127.0.0.1:9000    # optional: another relay
              secrets:
                directory: /etc/daibai/secrets   # key file; else environment
              databases:
                sales:
                  dialect: sqlite
                  path: /srv/data/sales.sqlite
                warehouse:
                  dialect: postgresql
                  connection_string: ${WAREHOUSE_URL}
                  # or host, port, database, user, password

            Each database name must match the data server's name in the tenant's DaiBai inventory, \
            where the server is registered as on-premises with the hybrid connection's send \
            connection string as its connection secret.
            """)

    @Option(name: .long, help: "The YAML configuration file.")
    var config: String?

    @Option(name: .long, help: "The log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @Flag(name: .long, help: "Check the configuration, open the databases, print what would be served, and exit.")
    var check = false

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "daibai.relay.agent")
        let searchPaths = ["./daibai-relay-agent.yaml"] + ConfigurationLoader.defaultSearchPaths(home: ProcessInfo.processInfo.environment["HOME"])
        let loaded = try ConfigurationLoader.load(.init(configFile: config, searchPaths: searchPaths))
        let settings = try RelayAgentSettings(config: loaded.reader)
        // Without relay.key_name the agent signs in with Microsoft Entra ID (managed identity,
        // workload identity, a service principal or the Azure CLI login).
        let credential: (any TokenCredential)? = settings.keyName == nil ? DefaultAzureCredential(environment: loaded.variables, logger: logger) : nil
        let tokens = try await settings.tokens(from: settings.secretStore(environment: loaded.variables), credential: credential)
        let databases = try settings.openDatabases(logger: logger)
        let names = databases.map { "\($0.name) (\($0.connector.dialect))" }.joined(separator: ", ")
        if check {
            print("daibai-relay-agent: configuration is valid; would serve tenant \(settings.tenant) on \(settings.address): \(names)")
            await Self.shutdown(databases)
            return
        }
        logger.info("daibai-relay-agent starting", metadata: [
            "hybrid_connection": "\(settings.address)", "tenant": "\(settings.tenant)", "databases": "\(names)",
        ])
        let agent = RelayAgent(
            address: settings.address, tokens: tokens,
            configuration: RelayAgentConfiguration(tenant: settings.tenant, databases: databases, maxRows: settings.maxRows, maxQueryTimeout: settings.maxQueryTimeout),
            logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: agent)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        await Self.shutdown(databases)
        logger.info("daibai-relay-agent stopped")
    }

    private static func shutdown(_ databases: [ExposedDatabase]) async {
        for case let postgres as PostgresConnector in databases.map(\.connector) {
            await postgres.shutdown()
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
