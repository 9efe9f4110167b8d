import DaiBaiCore
import Foundation

/// The agent's answer to one request, assembled from its messages.
struct RelayAnswer: Sendable {
    var schema: DatabaseSchema?
    var health: RelayHealth?
    var columns: [String] = []
    var columnTypes: [String?] = []
    var rows: [[SQLValue]] = []
    var truncated = false
    var error: RelayRemoteError?

    /// Sends `request` on `connection` and reads messages until the final one.
    static func read(for request: RelayRequest, over connection: RelayConnection) async throws(RelayError) -> RelayAnswer {
        let body: Data
        do {
            body = try JSONEncoder().encode(request)
        } catch {
            throw .protocolViolation("the request could not be encoded")
        }
        try await connection.sendText(String(decoding: body, as: UTF8.self))
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        var answer = RelayAnswer()
        var sawColumns = false
        while let text = try await connection.receiveText() {
            let message: RelayResponse
            do {
                message = try decoder.decode(RelayResponse.self, from: Data(text.utf8))
            } catch {
                throw .protocolViolation("the relay agent sent a message that is not a DaiBai relay protocol response")
            }
            guard message.id == request.id || (message.kind == .error && message.id.isEmpty) else {
                throw .protocolViolation("the relay agent answered request \(message.id), not \(request.id)")
            }
            switch message.kind {
            case .health: answer.health = message.health
            case .schema: answer.schema = message.schema
            case .columns:
                sawColumns = true
                answer.columns = message.columns ?? []
                answer.columnTypes = message.columnTypes ?? []
            case .rows:
                guard sawColumns else { throw .protocolViolation("the relay agent sent rows before columns") }
                answer.rows.append(contentsOf: (message.rows ?? []).map { $0.map(\.value) })
            case .end:
                answer.truncated = message.truncated ?? false
                if let count = message.rowCount, count != answer.rows.count {
                    throw .protocolViolation("the relay agent announced \(count) rows and sent \(answer.rows.count)")
                }
            case .error:
                answer.error = message.error ?? RelayRemoteError(code: .internalError, message: "the relay agent reported an error without details")
            }
            if message.isFinal { return answer }
        }
        throw .connectionFailed("the relay agent closed the connection before it finished answering")
    }
}
