import DaiBaiCore
import Foundation

/// Turns one request's results into DaiBai relay protocol messages, batching rows so that each
/// `rows` message stays under a byte cap.
struct RelayResponseWriter {
    let id: String
    let maxFrameBytes: Int
    let maxMessageBytes: Int
    private let encoder: JSONEncoder

    init(id: String, maxFrameBytes: Int = RelayProtocol.maxFrameBytes, maxMessageBytes: Int = RelayProtocol.maxMessageBytes) {
        self.id = id
        self.maxFrameBytes = maxFrameBytes
        self.maxMessageBytes = maxMessageBytes
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.encoder = encoder
    }

    /// One message as JSON text.
    func encode(_ response: RelayResponse) -> String {
        guard let data = try? encoder.encode(response) else {
            return #"{"error":{"code":"internalError","message":"the agent could not encode its answer"},"id":""# + jsonEscaped(id) + #"","kind":"error","v":1}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// An `error` message.
    func error(_ code: RelayRemoteError.Code, _ message: String) -> String {
        encode(RelayResponse(id: id, kind: .error, error: RelayRemoteError(code: code, message: message)))
    }

    /// The messages for a query result: `columns`, `rows` batches of at most ``maxFrameBytes``
    /// (a single larger row goes alone, up to ``maxMessageBytes``), and `end`.
    func messages(for result: QueryResult) throws(RelayRemoteError) -> [String] {
        var messages = [encode(RelayResponse(id: id, kind: .columns, columns: result.columns, columnTypes: result.columnTypes))]
        let prefix = #"{"id":""# + jsonEscaped(id) + #"","kind":"rows","rows":["#
        let suffix = #"],"v":\#(RelayProtocol.version)}"#
        var batch: [String] = []
        var batchBytes = 0
        func flush() {
            guard !batch.isEmpty else { return }
            messages.append(prefix + batch.joined(separator: ",") + suffix)
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
        }
        for row in result.rows {
            guard let data = try? encoder.encode(row.map(RelayValue.init)) else {
                throw RelayRemoteError(code: .internalError, message: "a row could not be encoded")
            }
            guard data.count + prefix.utf8.count + suffix.utf8.count <= maxMessageBytes else {
                throw RelayRemoteError(code: .tooLarge, message: "a row is \(data.count) bytes, over the relay's \(maxMessageBytes)-byte message cap. Select fewer or shorter columns.")
            }
            if !batch.isEmpty, batchBytes + data.count + 1 + prefix.utf8.count + suffix.utf8.count > maxFrameBytes {
                flush()
            }
            batch.append(String(decoding: data, as: UTF8.self))
            batchBytes += data.count + 1
        }
        flush()
        messages.append(encode(RelayResponse(id: id, kind: .end, truncated: result.truncated, rowCount: result.rows.count)))
        return messages
    }

    private func jsonEscaped(_ text: String) -> String {
        guard let data = try? encoder.encode(text) else { return "" }
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
