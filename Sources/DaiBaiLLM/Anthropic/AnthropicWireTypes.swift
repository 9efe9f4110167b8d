import DaiBaiCore

// Wire types of Anthropic's Messages API (`POST /v1/messages`, `GET /v1/models`), written from
// the public API reference: the request body, the message object, the streaming events and the
// error object `{"type":"error","error":{"type","message"}}`.

/// The body of `POST /v1/messages`.
struct AnthropicMessagesRequest: Encodable, Sendable {
    struct Message: Encodable, Sendable, Equatable {
        var role: String
        var content: String
    }

    var model: String
    var maxTokens: Int
    var system: String?
    var messages: [Message]
    var temperature: Double?
    var stopSequences: [String]?
    var stream: Bool?

    enum CodingKeys: String, CodingKey {
        case model
        case maxTokens = "max_tokens"
        case system, messages, temperature
        case stopSequences = "stop_sequences"
        case stream
    }
}

/// The `usage` object of a message or a `message_delta` event.
struct AnthropicUsage: Decodable, Sendable {
    var inputTokens: Int?
    var outputTokens: Int?

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
    }
}

/// The message object a non-streaming call returns (and `message_start` carries).
struct AnthropicMessageResponse: Decodable, Sendable {
    struct ContentBlock: Decodable, Sendable {
        var type: String
        var text: String?
    }

    var model: String?
    var content: [ContentBlock]?
    var stopReason: String?
    var usage: AnthropicUsage?

    enum CodingKeys: String, CodingKey {
        case model, content
        case stopReason = "stop_reason"
        case usage
    }
}

/// The error object: `{"type":"error","error":{"type":"…","message":"…"}}`.
struct AnthropicErrorBody: Decodable, Sendable {
    struct Detail: Decodable, Sendable {
        var type: String?
        var message: String?
    }

    var error: Detail?
}

/// One streaming event (`message_start`, `content_block_start`, `content_block_delta`,
/// `content_block_stop`, `message_delta`, `message_stop`, `ping`, `error`).
struct AnthropicStreamEvent: Decodable, Sendable {
    struct Delta: Decodable, Sendable {
        var type: String?
        var text: String?
        var stopReason: String?

        enum CodingKeys: String, CodingKey {
            case type, text
            case stopReason = "stop_reason"
        }
    }

    var type: String
    var message: AnthropicMessageResponse?
    var delta: Delta?
    var usage: AnthropicUsage?
    var error: AnthropicErrorBody.Detail?
}

/// The body of `GET /v1/models`.
struct AnthropicModelList: Decodable, Sendable {
    struct Model: Decodable, Sendable {
        var id: String
    }

    var data: [Model]
}

extension FinishReason {
    /// Maps Anthropic's `stop_reason`; `nil` when the reason is absent.
    init?(anthropic reason: String?) {
        guard let reason else { return nil }
        switch reason {
        case "end_turn", "stop_sequence": self = .stop
        case "max_tokens": self = .length
        case "refusal": self = .contentFilter
        default: self = .other(reason)
        }
    }
}
