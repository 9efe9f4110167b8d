import DaiBaiCore
import NIOCore
import NIOPosix

extension ComponentRegistry {
    /// Registers the chat backend `redis` (`chat.backend=redis`, `CHAT_BACKEND=redis`): a
    /// ``RedisChatStore`` with the keys prefixed by `redis.namespace` (see ``RedisSettings``).
    ///
    /// - Parameters:
    ///   - client: A client to share (the server builds one with ``RedisSettings/makeClient(config:secrets:secretsContext:eventLoopGroup:logger:)``
    ///     and passes it here); `nil` builds one from `redis.url` when the backend is first made.
    ///   - secrets: Where to look up the `redis-password` secret when `client` is `nil`.
    ///   - eventLoopGroup: The event loops of a client built here.
    public mutating func registerRedis(
        client: RedisClient? = nil,
        secrets: (any SecretStore)? = nil,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        registerChatStore("redis") { context in
            let settings = try RedisSettings(config: context.config)
            let redis: RedisClient
            if let client {
                redis = client
            } else {
                redis = try await RedisSettings.makeClient(config: context.config, secrets: secrets, eventLoopGroup: eventLoopGroup, logger: context.logger)
            }
            return RedisChatStore(client: redis, keyPrefix: settings.keyPrefix, logger: context.logger)
        }
    }
}
