/// One `data:` event of a streamed chat completion (OpenAI API reference, "The chat completion
/// chunk object"). The stream ends with `data: [DONE]`; with `stream_options.include_usage`
/// the last chunk before it has empty `choices` and the `usage`.
struct OpenAIChatChunk: Decodable, Sendable, Hashable {
    /// One choice's increment.
    struct Choice: Decodable, Sendable, Hashable {
        /// The new content.
        var delta: Delta?
        /// Set on the choice's last chunk.
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case delta
            case finishReason = "finish_reason"
        }
    }

    /// The increment of the message.
    struct Delta: Decodable, Sendable, Hashable {
        /// New text, if any.
        var content: String?
        /// New refusal text, if any.
        var refusal: String?
    }

    /// The model that answers.
    var model: String?
    /// The increments (empty in the usage chunk).
    var choices: [Choice]?
    /// The usage (only in the final chunk when requested).
    var usage: OpenAIUsage?
    /// An error reported inside the stream.
    var error: OpenAIErrorBody.Detail?
}
