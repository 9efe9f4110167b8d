import CompressNIO
import NIOCore

/// Gzip for request bodies (the ingestion endpoint takes `Content-Encoding: gzip`).
enum ApplicationInsightsGzip {
    /// `bytes` gzip-compressed, or `nil` if zlib failed (the caller sends uncompressed then).
    static func compress(_ bytes: [UInt8]) -> [UInt8]? {
        var input = ByteBuffer(bytes: bytes)
        do {
            var output = try input.compress(with: .gzip())
            return output.readBytes(length: output.readableBytes)
        } catch {
            return nil
        }
    }
}
