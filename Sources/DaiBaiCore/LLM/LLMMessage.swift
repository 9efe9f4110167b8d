/// One turn of a model conversation.
public struct LLMMessage: Sendable, Hashable, Codable {
    /// Who speaks.
    public var role: ChatRole
    /// What is said.
    public var content: String

    /// Creates a turn.
    public init(role: ChatRole, content: String) {
        self.role = role
        self.content = content
    }

    /// A system instruction.
    public static func system(_ content: String) -> LLMMessage { LLMMessage(role: .system, content: content) }
    /// A user turn.
    public static func user(_ content: String) -> LLMMessage { LLMMessage(role: .user, content: content) }
    /// An assistant turn.
    public static func assistant(_ content: String) -> LLMMessage { LLMMessage(role: .assistant, content: content) }
}

/// A request to a language model.
public struct LLMRequest: Sendable, Hashable {
    /// The conversation, system turns first.
    public var messages: [LLMMessage]
    /// Sampling temperature; 0 (deterministic) by default, as SQL generation wants.
    public var temperature: Double
    /// The most output tokens, or `nil` for the provider's configured default.
    public var maxOutputTokens: Int?
    /// Sequences that end generation.
    public var stopSequences: [String]

    /// Creates a request.
    public init(messages: [LLMMessage], temperature: Double = 0, maxOutputTokens: Int? = nil, stopSequences: [String] = []) {
        self.messages = messages
        self.temperature = temperature
        self.maxOutputTokens = maxOutputTokens
        self.stopSequences = stopSequences
    }
}

/// Tokens a call consumed.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// Prompt tokens.
    public var inputTokens: Int
    /// Generated tokens.
    public var outputTokens: Int

    /// Creates a usage record.
    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    /// Input plus output tokens.
    public var totalTokens: Int { inputTokens + outputTokens }

    /// The sum of two usages.
    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(inputTokens: lhs.inputTokens + rhs.inputTokens, outputTokens: lhs.outputTokens + rhs.outputTokens)
    }
}

/// Why the model stopped.
public enum FinishReason: Sendable, Hashable, Codable {
    /// It finished its answer or hit a stop sequence.
    case stop
    /// It hit the output token limit; the answer is cut off.
    case length
    /// The provider's safety filter blocked the output.
    case contentFilter
    /// Another reason, as the provider names it.
    case other(String)
}

/// A complete model answer.
public struct LLMResponse: Sendable, Hashable {
    /// The generated text.
    public var text: String
    /// Tokens consumed, when the provider reports them.
    public var usage: TokenUsage?
    /// Why generation stopped.
    public var finishReason: FinishReason
    /// The model that answered.
    public var model: String

    /// Creates a response.
    public init(text: String, usage: TokenUsage?, finishReason: FinishReason, model: String) {
        self.text = text
        self.usage = usage
        self.finishReason = finishReason
        self.model = model
    }
}

/// One element of a streamed answer.
public enum LLMStreamEvent: Sendable, Hashable {
    /// More generated text.
    case textDelta(String)
    /// The token usage, usually near the end.
    case usage(TokenUsage)
    /// Generation ended for this reason; nothing follows.
    case finished(FinishReason)
}
