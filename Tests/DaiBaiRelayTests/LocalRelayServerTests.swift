import DaiBaiRelayTestSupport
import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOPosix
import Testing
import WSClient

/// Self-tests of the local relay, with raw WebSocket clients (no DaiBai code involved).
@Suite("LocalRelayServer")
struct LocalRelayServerTests {
    static let keys = ["listen": "listen-secret", "send": "send-secret"]
    static let quiet = Logger(label: "LocalRelayServerTests", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test(.timeLimit(.minutes(5)))
    func refusesABadSignatureAndRecordsWhy() async throws {
        let relay = try await LocalRelayServer.start(keys: Self.keys)
        let forged = LocalRelayServer.makeToken(path: "orders", keyName: "send", key: "not-the-key")
        await #expect(throws: (any Error).self) {
            try await WebSocketClient.connect(
                url: Self.url(relay, path: "orders", action: "connect", id: "s1"),
                configuration: WebSocketClientConfiguration(additionalHeaders: Self.headers(token: forged)),
                logger: Self.quiet
            ) { _, _, _ in }
        }
        #expect(relay.rejectedHandshakes.contains { $0.contains("bad signature for key send") })
        let status = try await Self.upgradeStatus(
            relay, target: "/$hc/orders?sb-hc-action=connect", headers: [("ServiceBusAuthorization", forged)])
        #expect(status == 401)
        #expect(relay.acceptedSenders(path: "orders") == 0)
        await relay.shutdown()
    }

    @Test(.timeLimit(.minutes(5)))
    func answersRefusedUpgradesWithTheirStatus() async throws {
        let relay = try await LocalRelayServer.start(keys: Self.keys)
        let send = LocalRelayServer.makeToken(path: "orders", keyName: "send", key: "send-secret")
        let expired = LocalRelayServer.makeToken(
            path: "orders", keyName: "send", key: "send-secret", expiresAt: Date().addingTimeInterval(-60))
        let elsewhere = LocalRelayServer.makeToken(path: "other", keyName: "send", key: "send-secret")
        let auth = "ServiceBusAuthorization"
        #expect(try await Self.upgradeStatus(relay, target: "/$hc/orders?sb-hc-action=listen") == 401)
        #expect(try await Self.upgradeStatus(relay, target: "/$hc/orders?sb-hc-action=connect", headers: [(auth, expired)]) == 401)
        #expect(try await Self.upgradeStatus(relay, target: "/$hc/orders?sb-hc-action=connect", headers: [(auth, elsewhere)]) == 401)
        #expect(try await Self.upgradeStatus(relay, target: "/$hc/orders?sb-hc-action=connect", headers: [(auth, send)]) == 404)
        #expect(try await Self.upgradeStatus(relay, target: "/$hc/orders?sb-hc-action=dance", headers: [(auth, send)]) == 400)
        #expect(try await Self.upgradeStatus(relay, target: "/$hc/orders?sb-hc-action=accept&sb-hc-id=nope") == 404)
        let reasons = relay.rejectedHandshakes
        #expect(reasons.count == 6)
        #expect(reasons.contains { $0.contains("missing token") })
        #expect(reasons.contains { $0.contains("expired token for key send") })
        #expect(reasons.contains { $0.contains("wrong audience") })
        #expect(reasons.contains { $0.contains("no listener for orders") })
        #expect(!reasons.contains { $0.contains("send-secret") || $0.contains("SharedAccessSignature") })
        await relay.shutdown()
    }

    @Test(.timeLimit(.minutes(5)))
    func relaysFramesBothWaysBetweenSenderAndListener() async throws {
        let relay = try await LocalRelayServer.start(keys: Self.keys)
        let listenToken = LocalRelayServer.makeToken(path: "orders", keyName: "listen", key: "listen-secret")
        let sendToken = LocalRelayServer.makeToken(path: "orders", keyName: "send", key: "send-secret")
        let (accepts, acceptsInput) = AsyncStream<AcceptEnvelope.Accept>.makeStream()
        let listenURL = Self.url(relay, path: "orders", action: "listen", id: "l1")
        let listener = Task {
            _ = try await WebSocketClient.connect(
                url: listenURL,
                configuration: WebSocketClientConfiguration(additionalHeaders: Self.headers(token: listenToken)),
                logger: Self.quiet
            ) { inbound, _, _ in
                var control = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                guard case .text(let text)? = try await control.next() else { return }
                let accept = try JSONDecoder().decode(AcceptEnvelope.self, from: Data(text.utf8)).accept
                acceptsInput.yield(accept)
                try await WebSocketClient.connect(
                    url: accept.address, configuration: WebSocketClientConfiguration(maxFrameSize: Self.bigFrame),
                    logger: Self.quiet
                ) { inbound, outbound, _ in
                    var messages = inbound.messages(maxSize: Self.bigFrame).makeAsyncIterator()
                    guard case .text(let hello)? = try await messages.next() else { return }
                    try await outbound.write(.text("echo: \(hello)"))
                    try await outbound.write(.binary(ByteBuffer(bytes: [1, 2, 3])))
                    guard case .binary(let big)? = try await messages.next() else { return }
                    try await outbound.write(.text("got \(big.readableBytes) bytes"))
                    while try await messages.next() != nil {}
                }
            }
        }
        try await relay.waitForListeners(path: "orders", count: 1, timeout: .seconds(300))

        let (replies, repliesInput) = AsyncStream<WSClient.WebSocketMessage>.makeStream()
        try await WebSocketClient.connect(
            url: Self.url(relay, path: "orders", action: "connect", id: "s1"),
            configuration: WebSocketClientConfiguration(
                maxFrameSize: Self.bigFrame,
                additionalHeaders: Self.headers(token: sendToken, extra: [("X-Test", "yes")])),
            logger: Self.quiet
        ) { inbound, outbound, _ in
            try await outbound.write(.text("hello"))
            var messages = inbound.messages(maxSize: Self.bigFrame).makeAsyncIterator()
            for _ in 0..<2 {
                if let message = try await messages.next() { repliesInput.yield(message) }
            }
            try await outbound.write(.binary(ByteBuffer(repeating: 7, count: 4 << 20)))
            if let message = try await messages.next() { repliesInput.yield(message) }
            repliesInput.finish()
        }
        var received: [WSClient.WebSocketMessage] = []
        for await reply in replies { received.append(reply) }
        #expect(received == [.text("echo: hello"), .binary(ByteBuffer(bytes: [1, 2, 3])), .text("got 4194304 bytes")])

        try await listener.value
        acceptsInput.finish()
        var seen: [AcceptEnvelope.Accept] = []
        for await accept in accepts { seen.append(accept) }
        #expect(seen.count == 1)
        #expect(seen.first?.id == "s1")
        #expect(seen.first?.address.contains("sb-hc-action=accept&sb-hc-id=s1") == true)
        #expect(seen.first?.connectHeaders["X-Test"] == "yes")
        #expect(seen.first?.connectHeaders.keys.contains { $0.lowercased() == "servicebusauthorization" } == false)
        #expect(relay.acceptedSenders(path: "orders") == 1)
        #expect(relay.listenerConnections(path: "orders") == 1)
        #expect(relay.rejectedHandshakes.isEmpty)
        await relay.shutdown()
    }

    @Test(.timeLimit(.minutes(5)))
    func aListenerRejectionReachesTheSender() async throws {
        let relay = try await LocalRelayServer.start(keys: Self.keys)
        let listenToken = LocalRelayServer.makeToken(path: "orders", keyName: "listen", key: "listen-secret")
        let sendToken = LocalRelayServer.makeToken(path: "orders", keyName: "send", key: "send-secret")
        let listener = Task {
            _ = try await WebSocketClient.connect(
                url: Self.url(relay, path: "orders", action: "listen", id: "l1"),
                configuration: WebSocketClientConfiguration(additionalHeaders: Self.headers(token: listenToken)),
                logger: Self.quiet
            ) { inbound, _, _ in
                var control = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                guard case .text(let text)? = try await control.next() else { return }
                let accept = try JSONDecoder().decode(AcceptEnvelope.self, from: Data(text.utf8)).accept
                // The relay answers a rejection with 410 Gone, so this connect fails by design.
                _ = try? await WebSocketClient.connect(
                    url: accept.address + "&sb-hc-statusCode=503&sb-hc-statusDescription=Busy%20now", logger: Self.quiet
                ) { _, _, _ in }
            }
        }
        try await relay.waitForListeners(path: "orders", count: 1, timeout: .seconds(300))
        let status = try await Self.upgradeStatus(
            relay, target: "/$hc/orders?sb-hc-action=connect&sb-hc-id=s2", headers: [("ServiceBusAuthorization", sendToken)])
        #expect(status == 503)
        #expect(relay.rejectedHandshakes.contains { $0.contains("rejected the sender on orders with 503: Busy now") })
        #expect(relay.acceptedSenders(path: "orders") == 0)
        try await listener.value
        await relay.shutdown()
    }

    @Test(.timeLimit(.minutes(5)))
    func countsRenewalsClosesOnABadOneAndDropsListeners() async throws {
        let relay = try await LocalRelayServer.start(keys: Self.keys)
        let listenToken = LocalRelayServer.makeToken(path: "orders", keyName: "listen", key: "listen-secret")
        let forged = LocalRelayServer.makeToken(path: "orders", keyName: "listen", key: "wrong")
        let listenURL = Self.url(relay, path: "orders", action: "listen", id: "l1")
        let configuration = WebSocketClientConfiguration(additionalHeaders: Self.headers(token: listenToken))

        let policyClose = try await WebSocketClient.connect(url: listenURL, configuration: configuration, logger: Self.quiet) {
            inbound, outbound, _ in
            try await outbound.write(.text(#"{"renewToken":{"token":"\#(listenToken)"}}"#))
            try await relay.waitForRenewedTokens(path: "orders", count: 1, timeout: .seconds(300))
            try await outbound.write(.text(#"{"renewToken":{"token":"\#(forged)"}}"#))
            for try await _ in inbound {}
        }
        #expect(policyClose?.closeCode == .policyViolation)
        #expect(relay.renewedTokens(path: "orders") == 1)
        #expect(relay.rejectedHandshakes.contains { $0.contains("renewToken refused: bad signature for key listen") })

        let dropped = Task {
            try await WebSocketClient.connect(url: listenURL, configuration: configuration, logger: Self.quiet) {
                inbound, outbound, _ in
                // A frame from the client proves its side of the upgrade is done before the
                // relay closes the channel (swift-websocket can miss a frame that arrives in the
                // same read as the 101).
                try await outbound.write(.text(#"{"renewToken":{"token":"\#(listenToken)"}}"#))
                for try await _ in inbound {}
            }
        }
        try await relay.waitForListeners(path: "orders", count: 1, timeout: .seconds(300))
        try await relay.waitForRenewedTokens(path: "orders", count: 2, timeout: .seconds(300))
        await relay.dropListeners()
        #expect(relay.activeListeners(path: "orders") == 0)
        let dropClose = try await dropped.value
        #expect(dropClose?.closeCode == .unexpectedServerError)
        #expect(relay.listenerConnections(path: "orders") == 2)
        #expect(relay.renewedTokens(path: "orders") == 2)
        await relay.shutdown()
        await relay.shutdown()
    }

    @Test(.timeLimit(.minutes(5)))
    func answersASenderNobodyAcceptsWith504() async throws {
        let relay = try await LocalRelayServer.start(keys: Self.keys, acceptTimeout: .milliseconds(200))
        let listenToken = LocalRelayServer.makeToken(path: "orders", keyName: "listen", key: "listen-secret")
        let sendToken = LocalRelayServer.makeToken(path: "orders", keyName: "send", key: "send-secret")
        let listener = Task {
            _ = try? await WebSocketClient.connect(
                url: Self.url(relay, path: "orders", action: "listen", id: "l1"),
                configuration: WebSocketClientConfiguration(additionalHeaders: Self.headers(token: listenToken)),
                logger: Self.quiet
            ) { inbound, _, _ in
                for try await _ in inbound {}
            }
        }
        try await relay.waitForListeners(path: "orders", count: 1, timeout: .seconds(300))
        let status = try await Self.upgradeStatus(
            relay, target: "/$hc/orders?sb-hc-action=connect", headers: [("ServiceBusAuthorization", sendToken)])
        #expect(status == 504)
        await relay.shutdown()
        await listener.value
        await #expect(throws: LocalRelayServer.Failure.self) {
            try await relay.waitForListeners(path: "orders", count: 1, timeout: .seconds(300))
        }
    }

    // MARK: Helpers

    static let bigFrame = 8 << 20

    struct AcceptEnvelope: Decodable {
        struct Accept: Decodable, Sendable {
            let address: String
            let id: String
            let connectHeaders: [String: String]
        }

        let accept: Accept
    }

    struct ProbeFailure: Error {
        let response: String
    }

    static func url(_ relay: LocalRelayServer, path: String, action: String, id: String) -> String {
        "\(relay.endpoint.absoluteString)/$hc/\(path)?sb-hc-action=\(action)&sb-hc-id=\(id)"
    }

    static func headers(token: String, extra: [(String, String)] = []) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in [("ServiceBusAuthorization", token)] + extra {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        return fields
    }

    /// Sends a WebSocket upgrade request over plain TCP and returns the response's status code.
    static func upgradeStatus(
        _ relay: LocalRelayServer, target: String, headers: [(String, String)] = []
    ) async throws -> Int {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: relay.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        var request = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(relay.port)\r\nUpgrade: websocket\r\n"
        request += "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let message = request
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: message))
            var response = ""
            for try await chunk in inbound {
                response += String(buffer: chunk)
                if response.contains("\r\n") { break }
            }
            let words = response.split(separator: " ", maxSplits: 2)
            guard words.count >= 2, let status = Int(words[1]) else { throw ProbeFailure(response: response) }
            return status
        }
    }
}
