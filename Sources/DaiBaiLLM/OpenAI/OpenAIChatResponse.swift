import DaiBaiCore

/// The chat completion object returned by `POST {base}/chat/completions` without streaming
/// (OpenAI API reference, "The chat completion object"). Unknown fields are ignored.
struct OpenAIChatResponse: Decodable, Sendable, Hashable {
    /// One choice.
    struct Choice: Decodable, Sendable, Hashable {
        /// The generated message.
        var message: Message?
        /// Why generation stopped: `stop`, `length`, `content_filter`, `tool_calls`, …
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case message
            case finishReason = "finish_reason"
        }
    }

    /// The generated message.
    struct Message: Decodable, Sendable, Hashable {
        /// The text; `null` when the model refused or called a tool.
        var content: String?
        /// The model's refusal message, if it refused.
        var refusal: String?
    }

    /// The model that answered (often a dated snapshot such as `gpt-4o-2024-08-06`).
    var model: String?
    /// The choices; DaiBai asks for one.
    var choices: [Choice]
    /// Token usage.
    var usage: OpenAIUsage?
}

/// The `usage` object of responses and of the final streamed chunk.
struct OpenAIUsage: Decodable, Sendable, Hashable {
    /// Prompt tokens.
    var promptTokens: Int
    /// Generated tokens.
    var completionTokens: Int

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
    }

    /// As a Core usage record.
    var tokenUsage: TokenUsage { TokenUsage(inputTokens: promptTokens, outputTokens: completionTokens) }
}

extension FinishReason {
    /// The Core reason for an OpenAI-style `finish_reason` (`nil` when absent).
    init?(openAI value: String?) {
        guard let value else { return nil }
        switch value {
        case "stop": self = .stop
        case "length": self = .length
        case "content_filter": self = .contentFilter
        default: self = .other(value)
        }
    }
}
