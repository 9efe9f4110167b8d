import DaiBaiCore

/// The body of `POST {base}/chat/completions` (OpenAI API reference, "Create chat completion").
///
/// Only the fields DaiBai uses; optional fields are left out of the JSON when `nil`.
struct OpenAIChatRequest: Encodable, Sendable, Hashable {
    /// One message: `{"role": "...", "content": "..."}`.
    struct Message: Encodable, Sendable, Hashable {
        /// `system`, `user` or `assistant`.
        var role: String
        /// The text.
        var content: String
    }

    /// `{"include_usage": true}`: the last streamed chunk carries the usage.
    struct StreamOptions: Encodable, Sendable, Hashable {
        /// Whether the final chunk reports token usage.
        var includeUsage: Bool

        enum CodingKeys: String, CodingKey {
            case includeUsage = "include_usage"
        }
    }

    /// The model name.
    var model: String
    /// The conversation.
    var messages: [Message]
    /// Sampling temperature (left out for reasoning models, which accept only their default).
    var temperature: Double?
    /// The output limit for models that take `max_tokens`.
    var maxTokens: Int?
    /// The output limit for models that require `max_completion_tokens` (o-series, GPT-5).
    var maxCompletionTokens: Int?
    /// Stop sequences.
    var stop: [String]?
    /// Whether to stream server-sent events.
    var stream: Bool?
    /// Streaming options.
    var streamOptions: StreamOptions?

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, stop, stream
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
        case streamOptions = "stream_options"
    }
}
