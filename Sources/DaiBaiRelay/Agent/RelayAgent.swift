import DaiBaiCore
import Logging
import ServiceLifecycle

/// The on-premises side of the relay: listens on the tenant's hybrid connection and answers
/// DaiBai relay requests from the exposed databases, read-only.
///
/// Run it in a `ServiceGroup` (the `daibai-relay-agent` executable does): it reconnects to the
/// relay forever, and a graceful shutdown (SIGTERM) closes the control channel and the open
/// connections cleanly.
public struct RelayAgent: Service {
    /// This build's agent version, reported by `health`.
    public static let version = "1.0.0"

    private let listener: HybridConnectionListener
    private let handler: RelayRequestHandler

    /// Creates an agent.
    /// - Parameters:
    ///   - address: The tenant's hybrid connection.
    ///   - tokens: Tokens with the Listen right.
    ///   - configuration: The tenant, the exposed databases and the limits.
    ///   - listenerConfiguration: Reconnect, renewal and concurrency settings.
    ///   - logger: Where the agent logs each request (SQL with literals redacted) and its connection state.
    ///   - onEvent: Called on every control-channel change.
    public init(
        address: HybridConnectionAddress, tokens: any RelayTokenProvider, configuration: RelayAgentConfiguration,
        listenerConfiguration: ListenerConfiguration = ListenerConfiguration(),
        logger: Logger = Logger(label: "daibai.relay.agent", factory: { _ in SwiftLogNoOpLogHandler() }),
        onEvent: @escaping @Sendable (ListenerEvent) -> Void = { _ in }
    ) {
        self.listener = HybridConnectionListener(
            address: address, tokens: tokens, configuration: listenerConfiguration, logger: logger, onEvent: onEvent)
        self.handler = RelayRequestHandler(configuration: configuration, logger: logger)
    }

    /// Serves until the task is cancelled or a graceful shutdown is requested.
    public func run() async throws {
        let handler = handler
        await cancelWhenGracefulShutdown {
            await listener.run { connection in await handler.serve(connection) }
        }
    }
}
