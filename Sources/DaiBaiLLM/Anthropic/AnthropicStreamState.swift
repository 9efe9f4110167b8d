import DaiBaiCore

/// Folds Anthropic's streaming events into ``LLMStreamEvent``s.
struct AnthropicStreamState: Sendable {
    private(set) var finishReason: FinishReason?
    private(set) var inputTokens: Int?
    private(set) var outputTokens: Int?
    private(set) var sawMessageStop = false
    private(set) var model: String?

    /// Consumes one decoded event, returning the text deltas it carries.
    mutating func consume(_ event: AnthropicStreamEvent) -> [LLMStreamEvent] {
        switch event.type {
        case "message_start":
            if let message = event.message {
                model = message.model ?? model
                record(message.usage)
            }
        case "content_block_start":
            // Anthropic documents an empty text block here; text arrives in deltas.
            break
        case "content_block_delta":
            if event.delta?.type == "text_delta", let text = event.delta?.text, !text.isEmpty {
                return [.textDelta(text)]
            }
        case "message_delta":
            if let reason = FinishReason(anthropic: event.delta?.stopReason) { finishReason = reason }
            record(event.usage)
        case "message_stop":
            sawMessageStop = true
        default:
            // `ping`, `content_block_stop` and event types added later are ignored, as Anthropic asks.
            break
        }
        return []
    }

    private mutating func record(_ usage: AnthropicUsage?) {
        guard let usage else { return }
        if let input = usage.inputTokens { inputTokens = input }
        if let output = usage.outputTokens { outputTokens = output }
    }

    /// `.usage` (when known) then `.finished`.
    func closingEvents() -> [LLMStreamEvent] {
        var events: [LLMStreamEvent] = []
        if inputTokens != nil || outputTokens != nil {
            events.append(.usage(TokenUsage(inputTokens: inputTokens ?? 0, outputTokens: outputTokens ?? 0)))
        }
        events.append(.finished(finishReason ?? .other("unspecified")))
        return events
    }
}
