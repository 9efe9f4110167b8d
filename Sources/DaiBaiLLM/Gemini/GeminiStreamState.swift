import DaiBaiCore

/// Turns the chunks of `streamGenerateContent?alt=sse` into ``LLMStreamEvent``s.
///
/// Text deltas are emitted as each chunk arrives. The usage (from the last chunk that has
/// `usageMetadata`) and the finish reason are emitted when the stream ends, usage first, so
/// `.finished` is always last.
struct GeminiStreamState: Sendable {
    /// The finish reason of the first candidate, once seen.
    private(set) var finishReason: FinishReason?
    /// The latest usage seen.
    private(set) var usage: TokenUsage?

    /// The text deltas in `chunk`; remembers its finish reason and usage.
    mutating func consume(_ chunk: GeminiGenerateResponse) -> [LLMStreamEvent] {
        if let usage = chunk.usageMetadata { self.usage = usage.tokenUsage }
        if let reason = FinishReason(gemini: chunk.candidates?.first?.finishReason) { finishReason = reason }
        let text = chunk.text
        return text.isEmpty ? [] : [.textDelta(text)]
    }

    /// The closing events: the usage (if reported), then `.finished`.
    func closingEvents() -> [LLMStreamEvent] {
        var events: [LLMStreamEvent] = []
        if let usage { events.append(.usage(usage)) }
        events.append(.finished(finishReason ?? .other("unspecified")))
        return events
    }
}
