import DaiBaiCore
import Logging
import Metrics
import NIOCore
import NIOPosix

/// A Redis client over a bounded pool of connections (RESP2, no TLS yet).
///
/// Each connection carries one command at a time; at most ``RedisConfiguration/poolSize``
/// are open, and callers beyond that wait in order (a cancelled caller leaves the queue). A
/// connection whose command timed out, was cancelled or broke is closed and replaced on demand.
/// Error replies become ``RedisError/server(_:)`` and leave the connection in use.
///
/// ```swift
/// let client = RedisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:6379/0"))
/// try await client.set("greeting", value: "hello")
/// let value = try await client.get("greeting")   // "hello"
/// await client.shutdown()
/// ```
///
/// Every command records ``DaiBaiCore/DaiBaiMetricName/storeOperationDuration`` with
/// `store=redis`, `kind=<command name>` and `outcome` (`ok`, `error`).
public final class RedisClient: Sendable {
    /// The configuration the client connects with.
    public let configuration: RedisConfiguration
    private let pool: RedisConnectionPool
    private let logger: Logger

    /// A client for `configuration`; connections are opened on first use.
    /// - Parameters:
    ///   - configuration: Where Redis is and the pool bounds.
    ///   - eventLoopGroup: The NIO event loops connections run on.
    ///   - logger: Where diagnostics go (never passwords or values); nothing by default.
    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "daibai.redis", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.logger = logger
        self.pool = RedisConnectionPool(configuration: configuration, group: eventLoopGroup, logger: logger)
    }

    /// How many connections are open (or opening) now.
    public var openConnectionCount: Int { pool.openConnections }

    /// How many callers wait for a free connection now.
    public var waitingCallerCount: Int { pool.waitingCallers }

    /// Sends `command` (its name first, then its arguments as UTF-8) and returns the reply.
    /// An error reply throws ``RedisError/server(_:)``.
    public func send(_ command: [String]) async throws(RedisError) -> RESPValue {
        try await send(bytes: command.map { Array($0.utf8) })
    }

    /// Sends `command` with binary-safe arguments and returns the reply.
    /// An error reply throws ``RedisError/server(_:)``.
    public func send(bytes command: [[UInt8]]) async throws(RedisError) -> RESPValue {
        guard let first = command.first, !first.isEmpty else { throw .invalidConfiguration("a command needs a name") }
        let name = String(decoding: first, as: UTF8.self).uppercased()
        let encoded = RESPEncoder.command(command)
        let started = ContinuousClock.now
        let timeout = configuration.commandTimeout
        do throws(RedisError) {
            let reply = try await pool.withConnection { (connection) throws(RedisError) -> (RESPValue, reusable: Bool) in
                (try await connection.send(encoded, name: name, timeout: timeout), true)
            }
            if case .error(let message) = reply {
                record(name, started: started, outcome: "error")
                throw RedisError.server(message)
            }
            record(name, started: started, outcome: "ok")
            return reply
        } catch {
            switch error {
            case .server:
                break
            case .cancelled:
                record(name, started: started, outcome: "error")
                logger.debug("Redis command cancelled", metadata: ["redis.command": "\(name)"])
            default:
                record(name, started: started, outcome: "error")
                logger.warning("Redis command failed", metadata: ["redis.command": "\(name)", "error": "\(error)"])
            }
            throw error
        }
    }

    /// Sends `command` with binary-safe arguments given as buffers and returns the reply.
    public func send(buffers command: [ByteBuffer]) async throws(RedisError) -> RESPValue {
        try await send(bytes: command.map { Array($0.readableBytesView) })
    }

    /// Checks that Redis answers `PING` with `PONG`.
    public func ping() async throws(RedisError) {
        let reply = try await send(["PING"])
        guard reply.string == "PONG" else { throw .unexpectedReply(command: "PING", reply: reply.kindName) }
    }

    /// Closes every connection; later calls throw ``RedisError/poolClosed``.
    public func shutdown() async {
        await pool.shutdown()
    }

    private func record(_ name: String, started: ContinuousClock.Instant, outcome: String) {
        let elapsed = started.duration(to: .now)
        let (seconds, attoseconds) = elapsed.components
        Timer(label: DaiBaiMetricName.storeOperationDuration, dimensions: [("store", "redis"), ("kind", name), ("outcome", outcome)])
            .recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

extension RESPValue {
    /// The reply's kind, for messages that must not show its content.
    var kindName: String {
        switch self {
        case .simpleString: "simple string"
        case .error: "error"
        case .integer: "integer"
        case .bulkString: "bulk string"
        case .array: "array"
        case .null: "null"
        }
    }
}
