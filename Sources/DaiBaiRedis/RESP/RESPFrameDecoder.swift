import NIOCore

/// A NIO decoder that turns the byte stream from Redis into ``RESPValue``s.
public struct RESPFrameDecoder: ByteToMessageDecoder, Sendable {
    /// Each decoded reply.
    public typealias InboundOut = RESPValue

    private let parser: RESPParser

    /// A decoder with `parser`'s limits.
    public init(parser: RESPParser = RESPParser()) { self.parser = parser }

    /// Emits every complete reply in `buffer`.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let value = try parser.parse(&buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(value))
        return .continue
    }

    /// Emits what is complete when the connection ends.
    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}
