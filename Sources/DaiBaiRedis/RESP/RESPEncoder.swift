import NIOCore

/// Writes commands the way Redis expects them: an array of bulk strings (binary-safe).
public enum RESPEncoder {
    /// Appends the command `arguments` to `buffer` as `*N\r\n$len\r\n<bytes>\r\n…`.
    public static func writeCommand(_ arguments: [[UInt8]], into buffer: inout ByteBuffer) {
        buffer.writeString("*\(arguments.count)\r\n")
        for argument in arguments {
            buffer.writeString("$\(argument.count)\r\n")
            buffer.writeBytes(argument)
            buffer.writeString("\r\n")
        }
    }

    /// The command `arguments` encoded as one buffer.
    public static func command(_ arguments: [[UInt8]], allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: arguments.reduce(16) { $0 + $1.count + 16 })
        writeCommand(arguments, into: &buffer)
        return buffer
    }
}
