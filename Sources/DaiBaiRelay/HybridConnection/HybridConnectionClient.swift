import DaiBaiCore
import Foundation
import HTTPTypes
import Logging
import Synchronization
import WSClient

/// The sender role: opens a WebSocket to a hybrid connection (`sb-hc-action=connect`), which
/// the relay hands to one of its listeners.
///
/// The token goes in the `ServiceBusAuthorization` header (never in the URL), as the Azure
/// Relay SDKs send it. Each call to ``withConnection(id:_:)`` opens one WebSocket and closes it
/// when the body returns.
public struct HybridConnectionClient: Sendable {
    /// The hybrid connection.
    public let address: HybridConnectionAddress
    private let tokens: any RelayTokenProvider
    private let maxMessageBytes: Int
    private let logger: Logger

    /// Creates a sender.
    /// - Parameters:
    ///   - address: The hybrid connection.
    ///   - tokens: Where tokens with the Send right come from.
    ///   - maxMessageBytes: The largest message accepted from the listener.
    ///   - logger: Where diagnostics go (never tokens); nothing is logged by default.
    public init(
        address: HybridConnectionAddress, tokens: any RelayTokenProvider, maxMessageBytes: Int = 4 * 1024 * 1024,
        logger: Logger = Logger(label: "daibai.relay.sender", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.address = address
        self.tokens = tokens
        self.maxMessageBytes = maxMessageBytes
        self.logger = logger
    }

    /// Opens a connection through the relay, runs `body` with it, and closes it.
    /// - Parameters:
    ///   - id: The connection's `sb-hc-id` (the listener sees it); a new UUID by default.
    ///   - body: What to do with the connection. Its errors are rethrown as they are when they are
    ///     ``RelayError``s, and as ``RelayError/protocolViolation(_:)`` otherwise.
    /// - Throws: ``RelayError/connectionFailed(_:)`` when the relay refused or could not be reached.
    public func withConnection<T: Sendable>(
        id: String = UUID().uuidString.lowercased(),
        _ body: @escaping @Sendable (RelayConnection) async throws(RelayError) -> T
    ) async throws(RelayError) -> T {
        let token = try await tokens.token(for: address.audience)
        var headers = HTTPFields()
        if let name = HTTPField.Name("ServiceBusAuthorization") {
            headers[name] = token.value.revealed()
        }
        let outcome = Mutex<Result<T, RelayError>?>(nil)
        let maxMessageBytes = maxMessageBytes
        do {
            try await WebSocketClient.connect(
                url: address.connectURL(id: id),
                configuration: WebSocketClientConfiguration(maxFrameSize: maxMessageBytes, additionalHeaders: headers),
                logger: logger
            ) { inbound, outbound, _ in
                let connection = RelayConnection(id: id, connectHeaders: [:], inbound: inbound, outbound: outbound, maxMessageBytes: maxMessageBytes)
                let result: Result<T, RelayError>
                do throws(RelayError) {
                    result = .success(try await body(connection))
                } catch {
                    result = .failure(error)
                }
                outcome.withLock { $0 = result }
            }
        } catch {
            if let result = outcome.withLock({ $0 }) { return try result.get() }
            if Task.isCancelled { throw .cancelled }
            throw Self.connectionError(error, address: address)
        }
        guard let result = outcome.withLock({ $0 }) else {
            throw .connectionFailed("the relay closed the connection to \(address) before it was handed to a listener")
        }
        return try result.get()
    }

    static func connectionError(_ error: any Error, address: HybridConnectionAddress) -> RelayError {
        if let client = error as? WebSocketClientError, client == .webSocketUpgradeFailed {
            return .connectionFailed(
                "the relay refused the WebSocket to \(address): the key or key name is wrong, the token expired, the hybrid connection does not exist, or no listener (daibai-relay-agent) is connected to it. Check the relay connection string and that the agent runs.")
        }
        return .connectionFailed("could not reach the relay for \(address) (\(error)). Check the namespace and the network.")
    }
}
