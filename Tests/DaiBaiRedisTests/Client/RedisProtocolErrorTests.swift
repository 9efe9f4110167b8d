import DaiBaiRedis
import DaiBaiTestSupport
import NIOCore
import NIOPosix
import Testing

/// A loopback server that answers every command with bytes that are not RESP.
final class GarbageRedisServer: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "!this is not RESP\r\n")), promise: nil)
    }

    static func start() async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(GarbageRedisServer()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }
}

@Suite("Redis protocol errors")
struct RedisProtocolErrorTests {
    @Test("a reply that is not RESP fails the command with protocolError and closes the connection")
    func garbageReply() async throws {
        let server = try await GarbageRedisServer.start()
        let port = try #require(server.localAddress?.port)
        let client = RedisClient(configuration: try RedisConfiguration(
            url: "redis://127.0.0.1:\(port)", poolSize: 1, connectTimeout: TestPatience.generous, commandTimeout: TestPatience.generous))
        do {
            try await client.ping()
            Issue.record("PING to a garbage server succeeded")
        } catch {
            guard case .protocolError(let reason) = error else {
                Issue.record("expected protocolError, got \(error)")
                return
            }
            #expect(reason.contains("unknown type byte 0x21"))
        }
        #expect(client.openConnectionCount == 0)
        await client.shutdown()
        try await server.close()
    }
}
