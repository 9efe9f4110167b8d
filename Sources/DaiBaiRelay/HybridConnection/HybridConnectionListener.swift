import DaiBaiCore
import Foundation
import HTTPTypes
import Logging
import Metrics
import Synchronization
import WSClient

/// What a ``HybridConnectionListener`` reports about its control channel.
public enum ListenerEvent: Sendable, Equatable {
    /// About to open the control channel; `attempt` counts from 1 since it was last online.
    case connecting(attempt: Int)
    /// The relay accepted the control channel: senders can reach this listener.
    case online
    /// The control channel dropped or could not be opened; the listener will retry.
    case offline(reason: String)
    /// A fresh token was sent on the control channel (`renewToken`).
    case tokenRenewed
}

/// The listener role of Azure Relay Hybrid Connections: keeps a control channel open
/// (`sb-hc-action=listen`), and for every `accept` it receives, opens the rendezvous WebSocket
/// and hands it to a handler.
///
/// The control channel's token is renewed before it expires (`renewToken`); when the channel
/// drops, the listener reconnects after ``ListenerConfiguration/reconnectDelays``, forever, until
/// its task is cancelled. Connections already accepted survive a control-channel drop.
public struct HybridConnectionListener: Sendable {
    /// The hybrid connection.
    public let address: HybridConnectionAddress
    private let tokens: any RelayTokenProvider
    private let configuration: ListenerConfiguration
    private let logger: Logger
    private let onEvent: @Sendable (ListenerEvent) -> Void

    /// Creates a listener.
    /// - Parameters:
    ///   - address: The hybrid connection.
    ///   - tokens: Where tokens with the Listen right come from.
    ///   - configuration: Reconnect, renewal and concurrency settings.
    ///   - logger: Where diagnostics go (never tokens); nothing is logged by default.
    ///   - onEvent: Called on every control-channel change, on the listener's task.
    public init(
        address: HybridConnectionAddress, tokens: any RelayTokenProvider, configuration: ListenerConfiguration = ListenerConfiguration(),
        logger: Logger = Logger(label: "daibai.relay.listener", factory: { _ in SwiftLogNoOpLogHandler() }),
        onEvent: @escaping @Sendable (ListenerEvent) -> Void = { _ in }
    ) {
        self.address = address
        self.tokens = tokens
        self.configuration = configuration
        self.logger = logger
        self.onEvent = onEvent
    }

    /// Listens until the task is cancelled, running `handler` for each accepted connection
    /// (concurrently, at most ``ListenerConfiguration/maxConcurrentConnections`` at once). The
    /// connection closes when `handler` returns.
    public func run(_ handler: @escaping @Sendable (RelayConnection) async -> Void) async {
        let (accepts, sink) = AsyncStream.makeStream(of: ListenerControlMessage.Accept.self)
        let active = ActiveConnections()
        await withDiscardingTaskGroup { group in
            group.addTask {
                await self.keepControlChannel(delivering: sink)
                sink.finish()
            }
            for await accept in accepts {
                group.addTask { await self.rendezvous(accept, active: active, handler: handler) }
            }
        }
    }

    private func keepControlChannel(delivering sink: AsyncStream<ListenerControlMessage.Accept>.Continuation) async {
        var failures = 0
        let reconnects = Counter(label: "daibai_relay_listener_reconnects_total")
        while !Task.isCancelled {
            if failures > 0 {
                let delay = configuration.reconnectDelay(afterFailures: failures)
                logger.info("relay control channel: reconnecting", metadata: ["hybrid_connection": "\(address)", "attempt": "\(failures)", "delay": "\(delay)"])
                reconnects.increment()
                do { try await Task.sleep(for: delay) } catch { return }
            }
            onEvent(.connecting(attempt: failures + 1))
            let online = Atomic<Bool>(false)
            let reason: String
            do {
                let close = try await openControlChannel(onOnline: { online.store(true, ordering: .relaxed) }, delivering: sink)
                if let close {
                    reason = "the relay closed the control channel (code \(close.closeCode)\(close.reason.map { ": \($0)" } ?? ""))"
                } else {
                    reason = "the control channel closed"
                }
            } catch {
                if Task.isCancelled { return }
                reason = error.description
            }
            if Task.isCancelled { return }
            failures = online.load(ordering: .relaxed) ? 1 : failures + 1
            logger.warning("relay control channel is down", metadata: ["hybrid_connection": "\(address)", "reason": "\(reason)"])
            onEvent(.offline(reason: reason))
        }
    }

    /// Opens one control channel and serves it until it closes.
    private func openControlChannel(
        onOnline: @escaping @Sendable () -> Void, delivering sink: AsyncStream<ListenerControlMessage.Accept>.Continuation
    ) async throws(RelayError) -> WebSocketCloseFrame? {
        let token = try await tokens.token(for: address.audience)
        var headers = HTTPFields()
        if let name = HTTPField.Name("ServiceBusAuthorization") {
            headers[name] = token.value.revealed()
        }
        let configuration = configuration
        let address = address
        let logger = logger
        do {
            return try await WebSocketClient.connect(
                url: address.listenURL(id: UUID().uuidString.lowercased()),
                configuration: WebSocketClientConfiguration(
                    maxFrameSize: configuration.maxMessageBytes, additionalHeaders: headers,
                    autoPing: .enabled(timePeriod: configuration.keepAliveInterval)),
                logger: logger
            ) { inbound, outbound, _ in
                onOnline()
                logger.info("relay control channel is up", metadata: ["hybrid_connection": "\(address)"])
                self.onEvent(.online)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await self.renewTokens(from: token.expiresOn, on: outbound) }
                    group.addTask {
                        for try await message in inbound.messages(maxSize: configuration.maxMessageBytes) {
                            guard case .text(let text) = message else { continue }
                            guard let control = try? JSONDecoder().decode(ListenerControlMessage.self, from: Data(text.utf8)) else {
                                logger.warning("relay control channel: ignored a message that is not JSON", metadata: ["hybrid_connection": "\(address)"])
                                continue
                            }
                            if let accept = control.accept {
                                sink.yield(accept)
                            } else if control.request != nil {
                                logger.warning("relay control channel: ignored an HTTP request (DaiBai relays WebSockets only)", metadata: ["hybrid_connection": "\(address)"])
                            }
                        }
                    }
                    // Whichever ends first (the relay closed the channel, or renewal failed) ends the channel.
                    try await group.next()
                    group.cancelAll()
                }
            }
        } catch let error as RelayError {
            throw error
        } catch {
            throw HybridConnectionClient.connectionError(error, address: address)
        }
    }

    /// Sends a fresh token after ``ListenerConfiguration/renewalFraction`` of the current one's life.
    private func renewTokens(from firstExpiry: Date, on outbound: WebSocketOutboundWriter) async throws {
        var expiry = firstExpiry
        while true {
            let remaining = Duration.seconds(max(0, expiry.timeIntervalSinceNow))
            try await Task.sleep(for: max(configuration.minimumRenewalInterval, remaining * configuration.renewalFraction))
            let token: RelayToken
            do {
                token = try await tokens.token(for: address.audience)
            } catch {
                logger.warning("relay token renewal failed; retrying", metadata: ["hybrid_connection": "\(address)", "reason": "\(error.description)"])
                continue
            }
            let message = RenewTokenMessage(renewToken: .init(token: token.value.revealed()))
            let json = String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
            try await outbound.write(.text(json))
            expiry = token.expiresOn
            onEvent(.tokenRenewed)
        }
    }

    /// Accepts one sender: opens the rendezvous WebSocket and runs `handler` on it, or rejects
    /// the sender with 503 when the listener is at its limit.
    private func rendezvous(
        _ accept: ListenerControlMessage.Accept, active: ActiveConnections, handler: @escaping @Sendable (RelayConnection) async -> Void
    ) async {
        guard active.enter(limit: configuration.maxConcurrentConnections) else {
            logger.warning("relay listener is at its connection limit; rejecting a sender", metadata: ["connection": "\(accept.id)"])
            let description = SharedAccessSignature.formEncoded("The relay agent is busy; retry shortly.")
            _ = try? await WebSocketClient.connect(
                url: accept.address + "&sb-hc-statusCode=503&sb-hc-statusDescription=\(description)", logger: logger) { _, _, _ in }
            return
        }
        defer { active.leave() }
        let maxMessageBytes = configuration.maxMessageBytes
        do {
            try await WebSocketClient.connect(
                url: accept.address,
                configuration: WebSocketClientConfiguration(
                    maxFrameSize: maxMessageBytes, autoPing: .enabled(timePeriod: configuration.keepAliveInterval)),
                logger: logger
            ) { inbound, outbound, _ in
                let connection = RelayConnection(
                    id: accept.id, connectHeaders: accept.connectHeaders ?? [:], inbound: inbound, outbound: outbound, maxMessageBytes: maxMessageBytes)
                await handler(connection)
            }
        } catch {
            logger.warning("relay listener could not open a rendezvous", metadata: ["connection": "\(accept.id)", "reason": "\(error)"])
        }
    }
}

/// Counts the rendezvous connections being served.
final class ActiveConnections: Sendable {
    private let count = Mutex(0)

    /// Takes a slot if fewer than `limit` are taken.
    func enter(limit: Int) -> Bool {
        count.withLock { value in
            guard value < limit else { return false }
            value += 1
            return true
        }
    }

    /// Frees a slot.
    func leave() {
        count.withLock { $0 -= 1 }
    }
}
