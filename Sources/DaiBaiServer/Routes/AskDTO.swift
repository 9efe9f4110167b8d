import DaiBaiCore
import Foundation

/// The body of `POST /v1/ask` and `POST /v1/ask/stream`.
public struct AskRequestBody: Sendable, Codable, Hashable {
    /// The question in plain language.
    public var question: String
    /// The database; the default (the sample `music`) when absent.
    public var database: String?
    /// The conversation to continue.
    public var conversationId: String?
    /// Whether to run the SQL (default true).
    public var execute: Bool?

    /// Creates a body.
    public init(question: String, database: String? = nil, conversationId: String? = nil, execute: Bool? = nil) {
        self.question = question
        self.database = database
        self.conversationId = conversationId
        self.execute = execute
    }
}

/// Token counts of an answer.
public struct UsageBody: Sendable, Codable, Hashable {
    /// Prompt tokens.
    public var inputTokens: Int
    /// Generated tokens.
    public var outputTokens: Int
}

/// One finished pipeline step.
public struct StepBody: Sendable, Codable, Hashable {
    /// The step (`policy`, `cache`, `schema`, …).
    public var step: String
    /// The attempt it belongs to.
    public var attempt: Int
    /// How long it took, in milliseconds.
    public var durationMs: Double
    /// A short summary.
    public var detail: String

    init(_ report: AgentStepReport) {
        step = report.step.rawValue
        attempt = report.attempt
        let parts = report.duration.components
        durationMs = Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
        detail = report.detail
    }
}

/// Rows of an executed query, as JSON values.
public struct RowsBody: Sendable, Codable, Hashable {
    /// Column names.
    public var columns: [String]
    /// Rows; integers (exact, as JSON integers) and doubles are numbers, blobs base64 strings.
    public var rows: [[JSONCell]]
    /// Whether rows were cut at the row limit.
    public var truncated: Bool

    init(_ result: QueryResult) {
        columns = result.columns
        rows = result.rows.map { $0.map(JSONCell.init) }
        truncated = result.truncated
    }
}

/// One cell of a row.
public enum JSONCell: Sendable, Codable, Hashable {
    /// SQL NULL.
    case null
    /// An integer, written exactly (never through a double, which would round above 2^53).
    case integer(Int64)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// A boolean.
    case bool(Bool)

    init(_ value: SQLValue) {
        switch value {
        case .null: self = .null
        case .integer(let int): self = .integer(int)
        case .double(let double): self = .number(double)
        case .text(let text): self = .string(text)
        case .blob(let bytes): self = .string(Data(bytes).base64EncodedString())
        case .bool(let bool): self = .bool(bool)
        }
    }

    /// Decodes any JSON scalar.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let bool = try? container.decode(Bool.self) { self = .bool(bool) }
        else if let integer = try? container.decode(Int64.self) { self = .integer(integer) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else { self = .string(try container.decode(String.self)) }
    }

    /// Encodes the scalar.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .integer(let integer): try container.encode(integer)
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        case .bool(let bool): try container.encode(bool)
        }
    }
}

/// The answer of `POST /v1/ask` (and the `answer` event of the stream).
public struct AskResponseBody: Sendable, Codable, Hashable {
    /// The guarded SQL.
    public var answer: String
    /// `verifiedCache` or `model`.
    public var source: String
    /// The database queried.
    public var database: String
    /// The conversation the exchange was stored in.
    public var conversationId: String
    /// Column names, when executed.
    public var columns: [String]?
    /// Rows, when executed.
    public var rows: [[JSONCell]]?
    /// Whether rows were cut, when executed.
    public var truncated: Bool?
    /// Model attempts (0 for a cache hit).
    public var attempts: Int
    /// Tokens used.
    public var usage: UsageBody
    /// The model, when one was called.
    public var model: String?
    /// The steps in order.
    public var steps: [StepBody]

    init(_ answer: AgentAnswer) {
        self.answer = answer.sql
        source = answer.source.rawValue
        database = answer.databaseName
        conversationId = answer.conversationID
        let rows = answer.result.map(RowsBody.init)
        columns = rows?.columns
        self.rows = rows?.rows
        truncated = rows?.truncated
        attempts = answer.attempts
        usage = UsageBody(inputTokens: answer.usage.inputTokens, outputTokens: answer.usage.outputTokens)
        model = answer.model
        steps = answer.steps.map(StepBody.init)
    }
}
