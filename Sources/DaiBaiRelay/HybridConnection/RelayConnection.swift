import WSCore

/// One relayed WebSocket: the sender's socket, or the listener's rendezvous socket.
///
/// Frames pass through the relay untouched. A connection belongs to the task that was handed
/// it (it is not `Sendable`); it closes when that task's handler returns.
public final class RelayConnection {
    /// The connection's id: the sender's `sb-hc-id`, or the one the relay chose.
    public let id: String
    /// The HTTP headers the sender sent (on the listener side; empty on the sender side).
    public let connectHeaders: [String: String]
    private var messages: WebSocketInboundMessageStream.AsyncIterator
    private let outbound: WebSocketOutboundWriter

    init(id: String, connectHeaders: [String: String], inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, maxMessageBytes: Int) {
        self.id = id
        self.connectHeaders = connectHeaders
        self.messages = inbound.messages(maxSize: maxMessageBytes).makeAsyncIterator()
        self.outbound = outbound
    }

    /// The next text message, or `nil` once the other side closed the socket.
    /// - Throws: ``RelayError/protocolViolation(_:)`` for a binary message or one over the size
    ///   cap; ``RelayError/connectionFailed(_:)`` when the socket broke.
    public func receiveText() async throws(RelayError) -> String? {
        let message: WebSocketMessage?
        do {
            message = try await messages.next(isolation: #isolation)
        } catch {
            if Task.isCancelled { throw .cancelled }
            throw .connectionFailed("the relayed WebSocket broke while reading (\(error))")
        }
        switch message {
        case nil: return nil
        case .text(let text)?: return text
        case .binary?: throw .protocolViolation("a binary message arrived where the DaiBai relay protocol sends text")
        }
    }

    /// A handle that can close this connection from another task (to enforce a deadline).
    public var closer: RelayConnectionCloser { RelayConnectionCloser(outbound: outbound) }

    /// Sends `text` as one text message.
    public func sendText(_ text: String) async throws(RelayError) {
        do {
            try await outbound.write(.text(text))
        } catch {
            if Task.isCancelled { throw .cancelled }
            throw .connectionFailed("the relayed WebSocket broke while writing (\(error))")
        }
    }
}

/// Closes a ``RelayConnection`` from any task; the connection's reads then end.
public struct RelayConnectionCloser: Sendable {
    let outbound: WebSocketOutboundWriter

    /// Starts the closing handshake with `reason` (going away, code 1001).
    public func close(reason: String) async {
        try? await outbound.close(.goingAway, reason: reason)
    }
}
