import DaiBaiCore
import Foundation

/// The JSON of each ``AgentEvent`` in the SSE stream.
enum AgentEventEncoding {
    struct Delta: Encodable { var text: String }
    struct SQL: Encodable { var sql: String; var attempt: Int }
    struct Retrying: Encodable { var reason: String; var attempt: Int }

    /// The event's name and its JSON.
    static func encode(_ event: AgentEvent) throws -> (name: String, json: String) {
        let encoder = JSONEncoder()
        let (name, data): (String, Data)
        switch event {
        case .step(let report): (name, data) = ("step", try encoder.encode(StepBody(report)))
        case .modelDelta(let text): (name, data) = ("delta", try encoder.encode(Delta(text: text)))
        case .sql(let sql, let attempt): (name, data) = ("sql", try encoder.encode(SQL(sql: sql, attempt: attempt)))
        case .retrying(let reason, let attempt): (name, data) = ("retrying", try encoder.encode(Retrying(reason: reason, attempt: attempt)))
        case .rows(let result): (name, data) = ("rows", try encoder.encode(RowsBody(result)))
        case .completed(let answer): (name, data) = ("answer", try encoder.encode(AskResponseBody(answer)))
        }
        return (name, String(decoding: data, as: UTF8.self))
    }
}
