import DaiBaiCore

/// Turns the chunks of a streamed chat completion into ``LLMStreamEvent``s.
///
/// Text deltas are emitted as each chunk arrives. The usage (the last one seen; with
/// `include_usage` it comes in the final chunk) and the finish reason are emitted when the
/// stream ends with `data: [DONE]`, usage first, so `.finished` is always last.
struct OpenAIStreamState: Sendable {
    /// The finish reason of the first choice, once seen.
    private(set) var finishReason: FinishReason?
    /// The latest usage seen.
    private(set) var usage: TokenUsage?

    /// The text deltas in `chunk`; remembers its finish reason and usage.
    mutating func consume(_ chunk: OpenAIChatChunk) -> [LLMStreamEvent] {
        if let usage = chunk.usage { self.usage = usage.tokenUsage }
        guard let choice = chunk.choices?.first else { return [] }
        if let reason = FinishReason(openAI: choice.finishReason) { finishReason = reason }
        var events: [LLMStreamEvent] = []
        if let text = choice.delta?.content, !text.isEmpty { events.append(.textDelta(text)) }
        if let refusal = choice.delta?.refusal, !refusal.isEmpty { events.append(.textDelta(refusal)) }
        return events
    }

    /// The closing events: the usage (if reported), then `.finished`.
    func closingEvents() -> [LLMStreamEvent] {
        var events: [LLMStreamEvent] = []
        if let usage { events.append(.usage(usage)) }
        events.append(.finished(finishReason ?? .other("unspecified")))
        return events
    }
}
