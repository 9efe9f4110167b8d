import NIOCore

/// One encoded command and the promise of its reply.
struct RedisRequest: Sendable {
    var command: ByteBuffer
    var reply: EventLoopPromise<RESPValue>
}

/// Matches replies to requests in order, on one connection. Any failure (a decoding error,
/// the connection closing) fails every waiting request and closes the channel.
final class RedisCommandHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private var waiting = CircularBuffer<EventLoopPromise<RESPValue>>()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        waiting.append(request.reply)
        context.write(wrapOutboundOut(request.command), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = unwrapInboundIn(data)
        guard let reply = waiting.popFirst() else {
            failAll(RedisError.protocolError("a reply arrived that no command asked for"), context: context)
            return
        }
        reply.succeed(value)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let mapped: RedisError
        if let decoding = error as? RESPDecodingError {
            mapped = .protocolError(decoding.description)
        } else if let redis = error as? RedisError {
            mapped = redis
        } else {
            mapped = .connectionClosed
        }
        failAll(mapped, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        while let reply = waiting.popFirst() { reply.fail(RedisError.connectionClosed) }
        context.fireChannelInactive()
    }

    private func failAll(_ error: RedisError, context: ChannelHandlerContext) {
        while let reply = waiting.popFirst() { reply.fail(error) }
        context.close(promise: nil)
    }
}
