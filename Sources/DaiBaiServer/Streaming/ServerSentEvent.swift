import Foundation
import NIOCore

/// One Server-Sent Event: `id:`, `event:` and one `data:` line of JSON, then a blank line.
struct ServerSentEvent: Sendable, Hashable {
    var id: Int
    var event: String
    var data: String

    var buffer: ByteBuffer {
        let lines = data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)" }.joined(separator: "\n")
        return ByteBuffer(string: "id: \(id)\nevent: \(event)\n\(lines)\n\n")
    }
}
