import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket
import ServiceLifecycle
import Synchronization

/// A local Azure Relay Hybrid Connections service for tests, on real loopback WebSockets.
///
/// It implements the documented rendezvous: listeners open control channels
/// (`GET /$hc/{path}?sb-hc-action=listen`), senders connect (`sb-hc-action=connect`), the relay
/// sends the chosen listener an `accept` message whose address the listener opens
/// (`sb-hc-action=accept`), and from then on every frame is relayed between the sender and that
/// rendezvous WebSocket. Tokens are Service Bus shared access signatures for
/// `http://{namespace}/{path}/`, checked against ``start(namespace:keys:acceptTimeout:logger:)``'s keys.
/// A refused upgrade is answered with a plain HTTP status (401, 404, 410, 504, …) and recorded in
/// ``rejectedHandshakes``. After each 101 the relay waits 100 ms before it first writes to that
/// socket (swift-websocket's client can hang on frames that arrive right behind the 101).
/// Call ``shutdown()`` when done.
public final class LocalRelayServer: Sendable {
    /// Why the relay could not start, or why a wait on it ended without its condition.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// What went wrong.
        public let description: String
    }

    /// The namespace host name tokens must name, such as `contoso.servicebus.windows.net`.
    public let namespace: String
    /// The port the relay listens on, on 127.0.0.1.
    public let port: Int
    /// The relay's WebSocket endpoint, `ws://127.0.0.1:<port>`.
    public let endpoint: URL

    private let core: RelayCore
    private let services: ServiceGroup
    private let serverTask: Task<Void, Never>

    private init(
        namespace: String, port: Int, endpoint: URL, core: RelayCore, services: ServiceGroup,
        serverTask: Task<Void, Never>
    ) {
        self.namespace = namespace
        self.port = port
        self.endpoint = endpoint
        self.core = core
        self.services = services
        self.serverTask = serverTask
    }

    deinit {
        core.shutDown()
        serverTask.cancel()
    }

    /// Starts a relay on 127.0.0.1 on a port the system chooses, and returns once it is listening.
    /// - Parameters:
    ///   - namespace: The namespace host name tokens must be issued for.
    ///   - keys: Shared access key name → key.
    ///   - acceptTimeout: How long a sender waits for the listener to open the rendezvous
    ///     before it is answered 504.
    ///   - logger: Where the relay and its HTTP server log; silent by default.
    /// - Returns: The running relay.
    /// - Throws: ``Failure`` or the server's error when it could not listen.
    public static func start(
        namespace: String = "contoso.servicebus.windows.net",
        keys: [String: String],
        acceptTimeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "LocalRelayServer", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> LocalRelayServer {
        let core = RelayCore(
            check: RelaySignatureCheck(namespace: namespace, keys: keys), acceptTimeout: acceptTimeout, logger: logger)
        let (started, startedInput) = AsyncStream<Result<Int, any Error>>.makeStream()
        let app = Application(
            router: Router(),
            server: .http1WebSocketUpgrade(
                configuration: HTTP1WebSocketUpgradeChannel.Configuration(
                    ws: WebSocketServerConfiguration(
                        maxFrameSize: RelayCore.maxFrameSize, autoPing: .disabled, closeTimeout: RelayCore.closeHandshakeTimeout))
            ) { request, channel, _ in
                await core.shouldUpgrade(request, channel: channel)
            },
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                if let port = channel.localAddress?.port {
                    core.setPort(port)
                    startedInput.yield(.success(port))
                } else {
                    startedInput.yield(.failure(Failure(description: "the relay's socket has no port")))
                }
            },
            logger: logger
        )
        let services = ServiceGroup(
            services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        let serverTask = Task<Void, Never> {
            do {
                try await services.run()
                startedInput.yield(.failure(Failure(description: "the relay's server stopped before it listened")))
            } catch {
                startedInput.yield(.failure(error))
            }
            startedInput.finish()
        }
        var firstEvent: Result<Int, any Error>?
        for await event in started {
            firstEvent = event
            break
        }
        switch firstEvent {
        case .success(let port):
            var components = URLComponents()
            components.scheme = "ws"
            components.host = "127.0.0.1"
            components.port = port
            guard let endpoint = components.url else {
                core.shutDown()
                serverTask.cancel()
                await serverTask.value
                throw Failure(description: "could not form ws://127.0.0.1:\(port)")
            }
            return LocalRelayServer(
                namespace: namespace, port: port, endpoint: endpoint, core: core, services: services,
                serverTask: serverTask)
        case .failure(let error):
            core.shutDown()
            serverTask.cancel()
            await serverTask.value
            throw error
        case nil:
            core.shutDown()
            serverTask.cancel()
            await serverTask.value
            throw Failure(description: "the relay did not start")
        }
    }

    /// Stops the relay: fails pending waits, closes every socket and ends the server task.
    ///
    /// Calling it again does nothing more.
    public func shutdown() async {
        core.shutDown()
        await services.triggerGracefulShutdown()
        let serverTask = serverTask
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await serverTask.value }
            group.addTask {
                // Should the graceful shutdown stall, cancel the server.
                do { try await Task.sleep(for: .seconds(10)) } catch { return }
                serverTask.cancel()
            }
            await group.next()
            group.cancelAll()
        }
        await serverTask.value
    }

    /// Closes every listener control channel (close code 1011) without stopping the relay, as
    /// the service does when it drops listeners; returns once they are closed.
    public func dropListeners() async {
        await core.dropListeners()
    }

    /// Waits until at least `count` listener control channels are open for `path`.
    /// - Parameters:
    ///   - path: The hybrid connection's name.
    ///   - count: How many open control channels to wait for.
    ///   - timeout: How long to wait.
    /// - Throws: ``Failure`` on timeout or shutdown; `CancellationError` when cancelled.
    public func waitForListeners(path: String, count: Int, timeout: Duration) async throws {
        try await core.wait(for: .activeListeners(RelayCore.key(path), count), timeout: timeout,
            what: "\(count) listener(s) on \(path)")
    }

    /// Waits until at least `count` valid `renewToken` messages have arrived for `path`.
    /// - Parameters:
    ///   - path: The hybrid connection's name.
    ///   - count: How many renewals to wait for.
    ///   - timeout: How long to wait.
    /// - Throws: ``Failure`` on timeout or shutdown; `CancellationError` when cancelled.
    public func waitForRenewedTokens(path: String, count: Int, timeout: Duration) async throws {
        try await core.wait(for: .renewedTokens(RelayCore.key(path), count), timeout: timeout,
            what: "\(count) token renewal(s) on \(path)")
    }

    /// How many listener control channels for `path` the relay has accepted, ever.
    public func listenerConnections(path: String) -> Int {
        core.state.withLock { $0.listenerConnections[RelayCore.key(path), default: 0] }
    }

    /// How many listener control channels for `path` are open now.
    public func activeListeners(path: String) -> Int {
        core.state.withLock { $0.listenerOrder[RelayCore.key(path)]?.count ?? 0 }
    }

    /// How many valid `renewToken` messages have arrived on control channels for `path`.
    public func renewedTokens(path: String) -> Int {
        core.state.withLock { $0.renewedTokens[RelayCore.key(path), default: 0] }
    }

    /// How many senders to `path` have been upgraded (a listener opened their rendezvous).
    public func acceptedSenders(path: String) -> Int {
        core.state.withLock { $0.acceptedSenders[RelayCore.key(path), default: 0] }
    }

    /// One line per refused upgrade or refused `renewToken`, oldest first, such as
    /// `bad signature for key send (connect on orders), HTTP 401`; never a key or a token.
    ///
    /// The 410 that answers a listener's own rejection of a sender is not listed (the sender's
    /// refusal is).
    public var rejectedHandshakes: [String] {
        core.state.withLock { $0.rejections }
    }

    /// A shared access signature for `http://{namespace}/{path}/`, signed independently of the
    /// code under test, for tests that need a token of their own.
    /// - Parameters:
    ///   - namespace: The namespace host name.
    ///   - path: The hybrid connection's name.
    ///   - keyName: The key's name (`skn`).
    ///   - key: The key.
    ///   - expiresAt: When the token expires (`se`, whole seconds).
    /// - Returns: `SharedAccessSignature sr=…&sig=…&se=…&skn=…`.
    public static func makeToken(
        namespace: String = "contoso.servicebus.windows.net", path: String, keyName: String, key: String,
        expiresAt: Date = Date().addingTimeInterval(3600)
    ) -> String {
        let audience = RelayCore.percentEncoded("http://\(namespace.lowercased())/\(path)/")
        let expiry = String(Int64(expiresAt.timeIntervalSince1970.rounded(.down)))
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data((audience + "\n" + expiry).utf8), using: SymmetricKey(data: Data(key.utf8)))
        let signature = RelayCore.percentEncoded(Data(mac).base64EncodedString())
        return "SharedAccessSignature sr=\(audience)&sig=\(signature)&se=\(expiry)&skn=\(RelayCore.percentEncoded(keyName))"
    }
}

// MARK: - The relay's state and protocol

/// Everything the relay does; shared by the HTTP server's upgrade callback and the public API.
final class RelayCore: Sendable {
    typealias Upgrade = ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>

    /// Largest WebSocket frame accepted or relayed.
    static let maxFrameSize = 16 << 20
    /// How long the relay waits after a 101 before writing to that socket (see ``letUpgradeSettle()``).
    static let upgradeSettleTime = Duration.milliseconds(100)
    /// How long a side the relay closes may take to answer the close frame.
    static let closeHandshakeTimeout = Duration.seconds(5)
    /// Largest control channel message read.
    static let maxControlMessageSize = 1 << 20

    let check: RelaySignatureCheck
    let acceptTimeout: Duration
    let logger: Logger
    let state = Mutex(State())

    init(check: RelaySignatureCheck, acceptTimeout: Duration, logger: Logger) {
        self.check = check
        self.acceptTimeout = acceptTimeout
        self.logger = logger
    }

    /// The dictionary key for a hybrid connection path (names are case-insensitive).
    static func key(_ path: String) -> String {
        path.trimmingCharacters(in: CharacterSet(charactersIn: "/")).lowercased()
    }

    /// `text` with every byte but unreserved characters percent-encoded (Foundation's encoder).
    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")) ?? text
    }

    func setPort(_ port: Int) {
        state.withLock { $0.port = port }
    }

    // MARK: Upgrades

    func shouldUpgrade(_ request: HTTPRequest, channel: any Channel) async -> Upgrade {
        guard track(channel) else {
            return await refuse(channel, status: 503, reason: "the relay is shutting down")
        }
        let target: Target
        switch Target.parse(request.path ?? "") {
        case .success(let parsed): target = parsed
        case .failure(let refusal): return await refuse(channel, status: refusal.status, reason: refusal.reason)
        }
        switch target.value("sb-hc-action") {
        case "listen": return await listen(request, target: target, channel: channel)
        case "connect": return await connect(request, target: target, channel: channel)
        case "accept": return await rendezvous(target: target, channel: channel)
        case let action:
            return await refuse(
                channel, status: 400, reason: "unknown sb-hc-action \(action ?? "(none)") on \(target.path)")
        }
    }

    private func token(_ request: HTTPRequest, target: Target) -> String? {
        if let name = HTTPField.Name("ServiceBusAuthorization"), let header = request.headerFields[name] {
            return header
        }
        return target.value("sb-hc-token")
    }

    /// A listener opens its control channel.
    private func listen(_ request: HTTPRequest, target: Target, channel: any Channel) async -> Upgrade {
        if let failure = check.failure(of: token(request, target: target), path: target.path) {
            return await refuse(channel, status: 401, reason: "\(failure) (listen on \(target.path))")
        }
        let (commands, input) = AsyncStream<ControlCommand>.makeStream()
        let id = UUID()
        let key = target.key
        let satisfied: [CheckedContinuation<WaitOutcome, Never>]? = state.withLock { s in
            guard !s.isShutDown else { return nil }
            s.listeners[id] = Listener(id: id, key: key, channel: channel, commands: input)
            s.listenerOrder[key, default: []].append(id)
            s.listenerConnections[key, default: 0] += 1
            return s.takeSatisfiedWaiters()
        }
        guard let satisfied else {
            input.finish()
            return await refuse(channel, status: 503, reason: "the relay is shutting down")
        }
        for waiter in satisfied { waiter.resume(returning: .satisfied) }
        channel.closeFuture.whenComplete { _ in self.removeListener(id) }
        let path = target.path
        let handler: WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context> = { inbound, outbound, _ in
            await self.serveControlChannel(id: id, path: path, inbound: inbound, outbound: outbound, commands: commands)
            self.removeListener(id)
        }
        return .upgrade([:], handler)
    }

    /// A sender connects: pick a listener, send it `accept`, wait for the rendezvous.
    private func connect(_ request: HTTPRequest, target: Target, channel: any Channel) async -> Upgrade {
        if let failure = check.failure(of: token(request, target: target), path: target.path) {
            return await refuse(channel, status: 401, reason: "\(failure) (connect on \(target.path))")
        }
        let requestedID = target.value("sb-hc-id").flatMap { $0.isEmpty ? nil : $0 }
        let connectHeaders = Self.connectHeaders(of: request)
        let key = target.key
        while true {
            let pick: Pick = state.withLock { s in
                if s.isShutDown { return .shutDown }
                guard let ids = s.listenerOrder[key], !ids.isEmpty else { return .noListener }
                let turn = s.roundRobin[key, default: 0]
                s.roundRobin[key] = turn &+ 1
                let listenerID = ids[turn % ids.count]
                guard let listener = s.listeners[listenerID] else { return .noListener }
                var rid = requestedID ?? UUID().uuidString.lowercased()
                if s.pending[rid] != nil { rid = UUID().uuidString.lowercased() }
                s.pending[rid] = Pending(key: key)
                return .chosen(rid: rid, listenerID: listenerID, commands: listener.commands, port: s.port)
            }
            let rid: String
            switch pick {
            case .shutDown:
                return await refuse(channel, status: 503, reason: "the relay is shutting down")
            case .noListener:
                return await refuse(channel, status: 404, reason: "no listener for \(target.path)")
            case .chosen(let chosenID, let listenerID, let commands, let port):
                rid = chosenID
                let address =
                    "ws://127.0.0.1:\(port)/$hc/\(Self.encodedPath(target.path))?sb-hc-action=accept&sb-hc-id=\(Self.percentEncoded(rid))"
                let message = AcceptMessage(accept: .init(address: address, id: rid, connectHeaders: connectHeaders))
                guard let json = Self.json(message) else {
                    state.withLock { _ = $0.pending.removeValue(forKey: rid) }
                    return await refuse(channel, status: 500, reason: "could not encode the accept message")
                }
                if case .terminated = commands.yield(.send(json)) {
                    // That control channel is closing; forget it and pick another listener.
                    state.withLock { _ = $0.pending.removeValue(forKey: rid) }
                    removeListener(listenerID)
                    continue
                }
            }
            let outcome = await waitForRendezvous(rid)
            switch outcome {
            case .accepted(let pair):
                state.withLock { $0.acceptedSenders[key, default: 0] += 1 }
                channel.closeFuture.whenComplete { _ in pair.sideClosed(.sender) }
                let handler: WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context> = { inbound, outbound, _ in
                    pair.sideStarted(.sender)
                    await Self.relay(
                        inbound: inbound, outbound: outbound, incoming: pair.toSender, peer: pair.toListenerInput)
                }
                return .upgrade([:], handler)
            case .rejected(let status, let description):
                return await refuse(
                    channel, status: status,
                    reason: "the listener rejected the sender on \(target.path) with \(status): \(description)",
                    reasonPhrase: description)
            case .timedOut:
                return await refuse(
                    channel, status: 504, reason: "no listener opened the rendezvous on \(target.path) in time")
            case .shutDown:
                return await refuse(channel, status: 503, reason: "the relay is shutting down")
            }
        }
    }

    /// A listener opens (or rejects) the rendezvous named in an `accept` message.
    private func rendezvous(target: Target, channel: any Channel) async -> Upgrade {
        guard let rid = target.value("sb-hc-id"), !rid.isEmpty else {
            return await refuse(channel, status: 400, reason: "accept without sb-hc-id on \(target.path)")
        }
        if let statusText = target.value("sb-hc-statusCode") {
            let status = Int(statusText).flatMap { (400...599).contains($0) ? $0 : nil } ?? 502
            let description = target.formValue("sb-hc-statusDescription") ?? ""
            switch resolvePending(rid, key: target.key, with: .rejected(status: status, description: description)) {
            case .resolved:
                return await refuse(channel, status: 410, reason: "rejection of \(rid) delivered", record: false)
            case .unknown:
                return await refuse(channel, status: 404, reason: "no pending rendezvous \(rid) on \(target.path)")
            case .wrongPath:
                return await refuse(channel, status: 403, reason: "rendezvous \(rid) is not on \(target.path)")
            }
        }
        let pair = RelayPair()
        switch resolvePending(rid, key: target.key, with: .accepted(pair)) {
        case .resolved:
            channel.closeFuture.whenComplete { _ in pair.sideClosed(.listener) }
            let handler: WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context> = { inbound, outbound, _ in
                pair.sideStarted(.listener)
                await Self.relay(
                    inbound: inbound, outbound: outbound, incoming: pair.toListener, peer: pair.toSenderInput)
            }
            return .upgrade([:], handler)
        case .unknown:
            return await refuse(channel, status: 404, reason: "no pending rendezvous \(rid) on \(target.path)")
        case .wrongPath:
            return await refuse(channel, status: 403, reason: "rendezvous \(rid) is not on \(target.path)")
        }
    }

    /// Answers the upgrade request with a plain HTTP response and closes the connection.
    ///
    /// Hummingbird answers every refused upgrade with 400, so the response is written on the
    /// channel (through its HTTP/1 encoder) before `.dontUpgrade` is returned.
    private func refuse(
        _ channel: any Channel, status: Int, reason: String, reasonPhrase: String? = nil, record: Bool = true
    ) async -> Upgrade {
        if record {
            state.withLock { $0.rejections.append("\(reason), HTTP \(status)") }
        }
        logger.debug("local relay refused an upgrade", metadata: ["status": "\(status)", "reason": "\(reason)"])
        let body = ByteBuffer(string: reason + "\n")
        var headers = HTTPHeaders()
        headers.add(name: "Connection", value: "close")
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        let phrase = reasonPhrase.map(Self.sanitisedReasonPhrase) ?? ""
        let responseStatus: HTTPResponseStatus =
            phrase.isEmpty ? HTTPResponseStatus(statusCode: status) : .custom(code: UInt(status), reasonPhrase: phrase)
        let head = HTTPResponseHead(version: .http1_1, status: responseStatus, headers: headers)
        channel.write(HTTPServerResponsePart.head(head), promise: nil)
        channel.write(HTTPServerResponsePart.body(.byteBuffer(body)), promise: nil)
        try? await channel.writeAndFlush(HTTPServerResponsePart.end(nil))
        try? await channel.close()
        return .dontUpgrade
    }

    // MARK: Sockets

    /// Relays frames from `inbound` to `peer` and from `incoming` to `outbound` until either ends.
    private static func relay(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        incoming: AsyncStream<WebSocketFrame>, peer: AsyncStream<WebSocketFrame>.Continuation
    ) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await frame in inbound {
                        let opcode: WebSocketOpcode =
                            switch frame.opcode {
                            case .text: .text
                            case .binary: .binary
                            case .continuation: .continuation
                            }
                        peer.yield(WebSocketFrame(fin: frame.fin, opcode: opcode, data: frame.data))
                    }
                } catch {}
                peer.finish()
            }
            group.addTask {
                await Self.letUpgradeSettle()
                for await frame in incoming {
                    do { try await outbound.write(.custom(frame)) } catch { return }
                }
                // The peer is gone: close this side and let its client answer before the socket closes.
                await Self.closeAndLinger(outbound, code: .normalClosure, reason: nil)
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Waits ``upgradeSettleTime`` before the relay first writes to a socket it just upgraded.
    ///
    /// WSClient (swift-websocket 1.6.2) can hang for good when frames arrive right behind the
    /// 101 response, before it has finished its upgrade; a short pause avoids that.
    private static func letUpgradeSettle() async {
        try? await Task.sleep(for: upgradeSettleTime)
    }

    /// Sends a close frame, then waits (until cancelled, at most ``closeHandshakeTimeout``) so that
    /// the reading side sees the client's answering close before the socket is closed.
    ///
    /// Closing the TCP connection right behind the close frame can leave a client that is still
    /// finishing its upgrade (101, close frame and end of stream in one read) waiting forever.
    private static func closeAndLinger(_ outbound: WebSocketOutboundWriter, code: WebSocketErrorCode, reason: String?) async {
        try? await outbound.close(code, reason: reason)
        try? await Task.sleep(for: closeHandshakeTimeout)
    }

    /// Reads `renewToken` messages and writes `accept` messages until the channel closes or the
    /// relay closes it.
    private func serveControlChannel(
        id: UUID, path: String, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        commands: AsyncStream<ControlCommand>
    ) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await message in inbound.messages(maxSize: Self.maxControlMessageSize) {
                        guard case .text(let text) = message else { continue }
                        if !self.controlMessage(text, path: path) {
                            self.closeListener(id, code: .policyViolation, reason: "the renewed token is not valid")
                        }
                    }
                } catch {}
            }
            group.addTask {
                await Self.letUpgradeSettle()
                for await command in commands {
                    switch command {
                    case .send(let text):
                        do { try await outbound.write(.text(text)) } catch { return }
                    case .close(let code, let reason):
                        await Self.closeAndLinger(outbound, code: code, reason: reason)
                        return
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Handles one text message from a listener; `false` when the channel must be closed (1008).
    private func controlMessage(_ text: String, path: String) -> Bool {
        guard let message = try? JSONDecoder().decode(ListenerMessage.self, from: Data(text.utf8)),
            let renewal = message.renewToken
        else { return true }
        if let failure = check.failure(of: renewal.token, path: path) {
            state.withLock { $0.rejections.append("renewToken refused: \(failure) (listen on \(path)), close 1008") }
            return false
        }
        let key = Self.key(path)
        let satisfied = state.withLock { s in
            s.renewedTokens[key, default: 0] += 1
            return s.takeSatisfiedWaiters()
        }
        for waiter in satisfied { waiter.resume(returning: .satisfied) }
        return true
    }

    /// Remembers `channel` so that shutdown can close it; `false` once the relay is shutting down.
    private func track(_ channel: any Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let accepted = state.withLock { s in
            guard !s.isShutDown else { return false }
            s.channels[id] = channel
            return true
        }
        guard accepted else { return false }
        channel.closeFuture.whenComplete { _ in
            self.state.withLock { _ = $0.channels.removeValue(forKey: id) }
        }
        return true
    }

    /// Deregisters a listener (no more `accept`s go to it) and ends its command stream.
    private func removeListener(_ id: UUID) {
        state.withLock { $0.removeListener(id) }?.commands.finish()
    }

    /// Deregisters a listener at once, then closes its control channel with `code`.
    private func closeListener(_ id: UUID, code: WebSocketErrorCode, reason: String) {
        guard let listener = state.withLock({ $0.removeListener(id) }) else { return }
        listener.commands.yield(.close(code, reason))
        listener.commands.finish()
    }

    func dropListeners() async {
        let listeners: [Listener] = state.withLock { s in
            Array(s.listeners.keys).compactMap { s.removeListener($0) }
        }
        for listener in listeners {
            listener.commands.yield(.close(.unexpectedServerError, "the relay dropped the listener"))
            listener.commands.finish()
        }
        for listener in listeners {
            try? await listener.channel.closeFuture.get()
        }
    }

    /// Fails every wait, closes every socket; idempotent.
    func shutDown() {
        let (waiters, pending, listeners, channels) = state.withLock { s in
            guard !s.isShutDown else {
                return (
                    [CheckedContinuation<WaitOutcome, Never>](), [CheckedContinuation<RendezvousOutcome, Never>](),
                    [Listener](), [any Channel]()
                )
            }
            s.isShutDown = true
            let waiters = Array(s.waiters.keys).compactMap { s.resolveWaiter($0, with: .shutDown) }
            let pending = Array(s.pending.keys).compactMap { s.resolvePending($0, with: .shutDown).continuation }
            let listeners = Array(s.listeners.values)
            s.listeners = [:]
            s.listenerOrder = [:]
            let channels = Array(s.channels.values)
            return (waiters, pending, listeners, channels)
        }
        for waiter in waiters { waiter.resume(returning: .shutDown) }
        for sender in pending { sender.resume(returning: .shutDown) }
        for listener in listeners { listener.commands.finish() }
        for channel in channels { channel.close(promise: nil) }
    }

    // MARK: Waiting

    /// Waits for `condition`; throws on timeout, shutdown or cancellation.
    func wait(for condition: Condition, timeout: Duration, what: String) async throws {
        let id = UUID()
        let immediate: WaitOutcome? = state.withLock { s in
            if s.isShutDown { return .shutDown }
            if s.holds(condition) { return .satisfied }
            s.waiters[id] = Waiter(condition: condition)
            return nil
        }
        let outcome: WaitOutcome
        if let immediate {
            outcome = immediate
        } else {
            outcome = await withTaskGroup(of: WaitOutcome?.self) { group in
                group.addTask { await self.awaitWaiter(id) }
                group.addTask {
                    let outcome: WaitOutcome
                    do {
                        try await Task.sleep(for: timeout)
                        outcome = .timedOut
                    } catch {
                        outcome = .cancelled
                    }
                    self.state.withLock { $0.resolveWaiter(id, with: outcome) }?.resume(returning: outcome)
                    return nil
                }
                var result = WaitOutcome.cancelled
                while let next = await group.next() {
                    if let next {
                        result = next
                        group.cancelAll()
                    }
                }
                return result
            }
        }
        switch outcome {
        case .satisfied: return
        case .timedOut: throw LocalRelayServer.Failure(description: "timed out after \(timeout) waiting for \(what)")
        case .shutDown: throw LocalRelayServer.Failure(description: "the relay shut down while waiting for \(what)")
        case .cancelled: throw CancellationError()
        }
    }

    private func awaitWaiter(_ id: UUID) async -> WaitOutcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<WaitOutcome, Never>) in
            let early = state.withLock { $0.attachWaiter(id, continuation) }
            if let early { continuation.resume(returning: early) }
        }
    }

    /// Waits for the listener to open or reject rendezvous `rid`, up to ``acceptTimeout``.
    private func waitForRendezvous(_ rid: String) async -> RendezvousOutcome {
        let timeout = acceptTimeout
        return await withTaskGroup(of: RendezvousOutcome?.self) { group in
            group.addTask { await self.awaitPending(rid) }
            group.addTask {
                let outcome: RendezvousOutcome
                do {
                    try await Task.sleep(for: timeout)
                    outcome = .timedOut
                } catch {
                    outcome = .shutDown
                }
                self.state.withLock { $0.resolvePending(rid, with: outcome).continuation }?.resume(returning: outcome)
                return nil
            }
            var result = RendezvousOutcome.timedOut
            while let next = await group.next() {
                if let next {
                    result = next
                    group.cancelAll()
                }
            }
            return result
        }
    }

    private func awaitPending(_ rid: String) async -> RendezvousOutcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<RendezvousOutcome, Never>) in
            let early = state.withLock { $0.attachPending(rid, continuation) }
            if let early { continuation.resume(returning: early) }
        }
    }

    private func resolvePending(_ rid: String, key: String, with outcome: RendezvousOutcome) -> PendingResolution {
        let (resolution, continuation): (PendingResolution, CheckedContinuation<RendezvousOutcome, Never>?) =
            state.withLock { s in
                guard let pending = s.pending[rid] else { return (.unknown, nil) }
                guard pending.key == key else { return (.wrongPath, nil) }
                let result = s.resolvePending(rid, with: outcome)
                return (result.took ? .resolved : .unknown, result.continuation)
            }
        continuation?.resume(returning: outcome)
        return resolution
    }

    // MARK: Helpers

    /// The sender's request headers, except its token, for the `accept` message.
    private static func connectHeaders(of request: HTTPRequest) -> [String: String] {
        var headers: [String: String] = [:]
        for field in request.headerFields where field.name.canonicalName != "servicebusauthorization" {
            let name = field.name.rawName
            if let existing = headers[name] {
                headers[name] = existing + ", " + field.value
            } else {
                headers[name] = field.value
            }
        }
        return headers
    }

    private static func encodedPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { percentEncoded(String($0)) }
            .joined(separator: "/")
    }

    private static func json(_ value: some Encodable) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Printable ASCII only, at most 200 characters (an HTTP reason phrase).
    private static func sanitisedReasonPhrase(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where (0x20...0x7E).contains(scalar.value) && scalars.count < 200 {
            scalars.append(scalar)
        }
        return String(scalars)
    }
}

// MARK: - State

extension RelayCore {
    /// What a listener control channel is told to do.
    enum ControlCommand: Sendable {
        case send(String)
        case close(WebSocketErrorCode, String)
    }

    struct Listener: Sendable {
        let id: UUID
        let key: String
        let channel: any Channel
        let commands: AsyncStream<ControlCommand>.Continuation
    }

    enum Condition: Sendable {
        case activeListeners(String, Int)
        case renewedTokens(String, Int)
    }

    enum WaitOutcome: Sendable {
        case satisfied, timedOut, shutDown, cancelled
    }

    struct Waiter: Sendable {
        let condition: Condition
        var slot = OneShot<WaitOutcome>()
    }

    enum RendezvousOutcome: Sendable {
        case accepted(RelayPair)
        case rejected(status: Int, description: String)
        case timedOut
        case shutDown
    }

    struct Pending: Sendable {
        let key: String
        var slot = OneShot<RendezvousOutcome>()
    }

    enum PendingResolution {
        case resolved, unknown, wrongPath
    }

    enum Pick: Sendable {
        case shutDown
        case noListener
        case chosen(rid: String, listenerID: UUID, commands: AsyncStream<ControlCommand>.Continuation, port: Int)
    }

    struct State: Sendable {
        var port = 0
        var isShutDown = false
        var channels: [ObjectIdentifier: any Channel] = [:]
        var listeners: [UUID: Listener] = [:]
        var listenerOrder: [String: [UUID]] = [:]
        var roundRobin: [String: Int] = [:]
        var listenerConnections: [String: Int] = [:]
        var renewedTokens: [String: Int] = [:]
        var acceptedSenders: [String: Int] = [:]
        var rejections: [String] = []
        var waiters: [UUID: Waiter] = [:]
        var pending: [String: Pending] = [:]

        mutating func removeListener(_ id: UUID) -> Listener? {
            guard let listener = listeners.removeValue(forKey: id) else { return nil }
            listenerOrder[listener.key]?.removeAll { $0 == id }
            if listenerOrder[listener.key]?.isEmpty == true { listenerOrder[listener.key] = nil }
            return listener
        }

        func holds(_ condition: Condition) -> Bool {
            switch condition {
            case .activeListeners(let key, let count): (listenerOrder[key]?.count ?? 0) >= count
            case .renewedTokens(let key, let count): renewedTokens[key, default: 0] >= count
            }
        }

        /// Resolves every waiter whose condition now holds; returns those to resume.
        mutating func takeSatisfiedWaiters() -> [CheckedContinuation<WaitOutcome, Never>] {
            let ready = waiters.filter { !$0.value.slot.isResolved && holds($0.value.condition) }.map(\.key)
            return ready.compactMap { resolveWaiter($0, with: .satisfied) }
        }

        mutating func resolveWaiter(_ id: UUID, with outcome: WaitOutcome) -> CheckedContinuation<WaitOutcome, Never>? {
            guard var waiter = waiters[id] else { return nil }
            let result = waiter.slot.resolve(outcome)
            waiters[id] = result.continuation == nil ? waiter : nil
            return result.continuation
        }

        mutating func attachWaiter(_ id: UUID, _ continuation: CheckedContinuation<WaitOutcome, Never>) -> WaitOutcome? {
            guard var waiter = waiters[id] else { return .cancelled }
            if let early = waiter.slot.attach(continuation) {
                waiters[id] = nil
                return early
            }
            waiters[id] = waiter
            return nil
        }

        mutating func resolvePending(_ rid: String, with outcome: RendezvousOutcome) -> (
            took: Bool, continuation: CheckedContinuation<RendezvousOutcome, Never>?
        ) {
            guard var entry = pending[rid] else { return (false, nil) }
            let result = entry.slot.resolve(outcome)
            pending[rid] = result.continuation == nil ? entry : nil
            return result
        }

        mutating func attachPending(_ rid: String, _ continuation: CheckedContinuation<RendezvousOutcome, Never>)
            -> RendezvousOutcome?
        {
            guard var entry = pending[rid] else { return .timedOut }
            if let early = entry.slot.attach(continuation) {
                pending[rid] = nil
                return early
            }
            pending[rid] = entry
            return nil
        }
    }
}

/// A value delivered once to one waiter, whether it arrives before or after the waiter suspends.
struct OneShot<Value: Sendable>: Sendable {
    private(set) var isResolved = false
    private var value: Value?
    private var continuation: CheckedContinuation<Value, Never>?

    /// The value, when it already arrived; otherwise keeps `continuation` for ``resolve(_:)``.
    mutating func attach(_ continuation: CheckedContinuation<Value, Never>) -> Value? {
        if let value { return value }
        self.continuation = continuation
        return nil
    }

    /// Delivers `value` unless one was delivered already; returns the continuation to resume.
    mutating func resolve(_ value: Value) -> (took: Bool, continuation: CheckedContinuation<Value, Never>?) {
        guard !isResolved else { return (false, nil) }
        isResolved = true
        if let continuation {
            self.continuation = nil
            return (true, continuation)
        }
        self.value = value
        return (true, nil)
    }
}

/// The two directions of one sender ↔ listener rendezvous.
final class RelayPair: Sendable {
    enum Side: Sendable { case sender, listener }

    /// Frames for the sender, from the listener.
    let toSender: AsyncStream<WebSocketFrame>
    let toSenderInput: AsyncStream<WebSocketFrame>.Continuation
    /// Frames for the listener, from the sender.
    let toListener: AsyncStream<WebSocketFrame>
    let toListenerInput: AsyncStream<WebSocketFrame>.Continuation
    private let started = Mutex<Set<Side>>([])

    init() {
        let toSender = AsyncStream<WebSocketFrame>.makeStream()
        let toListener = AsyncStream<WebSocketFrame>.makeStream()
        self.toSender = toSender.stream
        self.toSenderInput = toSender.continuation
        self.toListener = toListener.stream
        self.toListenerInput = toListener.continuation
    }

    /// A side's WebSocket handler runs; from now on it ends the pair itself.
    func sideStarted(_ side: Side) {
        _ = started.withLock { $0.insert(side) }
    }

    /// A side's connection closed; if its handler never ran, end the pair here.
    func sideClosed(_ side: Side) {
        guard !started.withLock({ $0.contains(side) }) else { return }
        toSenderInput.finish()
        toListenerInput.finish()
    }
}

// MARK: - Wire

/// The request target of an upgrade: `/$hc/{path}?{query}`.
struct Target: Sendable {
    struct Refusal: Error {
        let status: Int
        let reason: String
    }

    /// The hybrid connection's name, URL-decoded, without surrounding slashes.
    let path: String
    /// Query parameters as sent (still URL-encoded); the first of a name wins.
    let rawQuery: [String: String]

    var key: String { RelayCore.key(path) }

    /// A query parameter, URL-decoded.
    func value(_ name: String) -> String? {
        rawQuery[name].map { $0.removingPercentEncoding ?? $0 }
    }

    /// A query parameter, form-decoded (`+` is a space).
    func formValue(_ name: String) -> String? {
        rawQuery[name].map { raw in
            let spaced = raw.replacingOccurrences(of: "+", with: " ")
            return spaced.removingPercentEncoding ?? spaced
        }
    }

    static func parse(_ uri: String) -> Result<Target, Refusal> {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = parts.first.map(String.init) ?? ""
        let lowered = rawPath.lowercased()
        guard let prefix = ["/$hc/", "/%24hc/"].first(where: { lowered.hasPrefix($0) }) else {
            return .failure(Refusal(status: 404, reason: "\(rawPath) is not a hybrid connection path"))
        }
        guard let decoded = String(rawPath.dropFirst(prefix.count)).removingPercentEncoding else {
            return .failure(Refusal(status: 400, reason: "\(rawPath) is not URL-encoded text"))
        }
        let path = decoded.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard !path.isEmpty else {
            return .failure(Refusal(status: 404, reason: "\(rawPath) names no hybrid connection"))
        }
        var query: [String: String] = [:]
        if parts.count > 1 {
            for item in parts[1].split(separator: "&") {
                let pieces = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let rawName = String(pieces[0])
                let name = rawName.removingPercentEncoding ?? rawName
                if query[name] == nil { query[name] = pieces.count > 1 ? String(pieces[1]) : "" }
            }
        }
        return .success(Target(path: path, rawQuery: query))
    }
}

/// `{"accept":{"address":…,"id":…,"connectHeaders":{…}}}`, sent on a control channel.
struct AcceptMessage: Encodable {
    struct Body: Encodable {
        let address: String
        let id: String
        let connectHeaders: [String: String]
    }

    let accept: Body
}

/// What a listener sends on its control channel; only `renewToken` is understood.
struct ListenerMessage: Decodable {
    struct RenewToken: Decodable {
        let token: String
    }

    let renewToken: RenewToken?
}
