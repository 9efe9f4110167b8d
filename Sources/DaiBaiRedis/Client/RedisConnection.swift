import Logging
import NIOCore
import NIOPosix

/// One TCP connection to Redis, authenticated and on the configured database.
/// Commands are sent one at a time (the pool lends a connection to one caller).
final class RedisConnection: Sendable {
    let channel: any Channel
    let id: Int

    private init(channel: any Channel, id: Int) {
        self.channel = channel
        self.id = id
    }

    var isActive: Bool { channel.isActive }

    /// Connects, then sends `AUTH` (when a password is set) and `SELECT` (when the database is not 0).
    static func connect(_ configuration: RedisConfiguration, id: Int, group: any EventLoopGroup, logger: Logger) async throws(RedisError) -> RedisConnection {
        let address = "\(configuration.host):\(configuration.port)"
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeAmount(configuration.connectTimeout))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(RedisCommandHandler())
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch let error as ChannelError {
            if case .connectTimeout = error {
                throw .timeout(operation: "connect to \(address)", after: configuration.connectTimeout)
            }
            throw .connectionFailed(address: address, reason: "\(error)")
        } catch {
            throw .connectionFailed(address: address, reason: "\(error)")
        }
        let connection = RedisConnection(channel: channel, id: id)
        do throws(RedisError) {
            if let password = configuration.password {
                var arguments: [[UInt8]] = [Array("AUTH".utf8)]
                if let user = configuration.username { arguments.append(Array(user.utf8)) }
                arguments.append(Array(password.revealed().utf8))
                let reply = try await connection.send(RESPEncoder.command(arguments), name: "AUTH", timeout: configuration.connectTimeout)
                if case .error(let message) = reply { throw RedisError.authenticationFailed(message) }
            }
            if configuration.database != 0 {
                let reply = try await connection.send(
                    RESPEncoder.command([Array("SELECT".utf8), Array("\(configuration.database)".utf8)]), name: "SELECT", timeout: configuration.connectTimeout)
                if case .error(let message) = reply { throw RedisError.server(message) }
            }
        } catch {
            connection.close()
            throw error
        }
        logger.debug("Redis connection opened", metadata: ["redis.address": "\(address)", "redis.connection": "\(id)"])
        return connection
    }

    /// Sends one encoded command and waits for its reply; a timeout, a cancellation or a
    /// broken connection closes the connection.
    func send(_ command: ByteBuffer, name: String, timeout: Duration) async throws(RedisError) -> RESPValue {
        if Task.isCancelled { throw .cancelled }
        let channel = self.channel
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        let timer = channel.eventLoop.scheduleTask(in: Self.timeAmount(timeout)) {
            promise.fail(RedisError.timeout(operation: name, after: timeout))
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        channel.writeAndFlush(RedisRequest(command: command, reply: promise)).whenFailure { _ in
            promise.fail(RedisError.connectionClosed)
            channel.close(promise: nil)
        }
        do {
            return try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                promise.fail(RedisError.cancelled)
                channel.close(promise: nil)
            }
        } catch let error as RedisError {
            throw error
        } catch {
            throw .connectionClosed
        }
    }

    func close() {
        channel.close(promise: nil)
    }

    func closeAndWait() async {
        try? await channel.close()
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(min(seconds, 9_000_000_000) * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
