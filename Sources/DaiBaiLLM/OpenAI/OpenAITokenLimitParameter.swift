/// Which request field carries the output-token limit of an OpenAI-style chat completion.
///
/// OpenAI's reasoning models (names starting with `o1`, `o3`, `o4` or `gpt-5`) reject
/// `max_tokens` and require `max_completion_tokens`; older OpenAI models and most
/// OpenAI-compatible services take `max_tokens`. ``automatic`` decides by model name.
public enum OpenAITokenLimitParameter: String, Sendable, Hashable, CaseIterable {
    /// `max_completion_tokens` for reasoning models (see ``isReasoningModel(_:)``), else `max_tokens`.
    case automatic
    /// Always `max_tokens`.
    case maxTokens
    /// Always `max_completion_tokens`.
    case maxCompletionTokens

    /// The concrete field for `model` (never ``automatic``).
    public func resolved(forModel model: String) -> OpenAITokenLimitParameter {
        switch self {
        case .automatic: Self.isReasoningModel(model) ? .maxCompletionTokens : .maxTokens
        case .maxTokens, .maxCompletionTokens: self
        }
    }

    /// Whether `model` is an OpenAI reasoning model: its name (after any `vendor/` prefix,
    /// case-insensitive) is `o1`, `o3` or `o4`, optionally followed by `-…`, or starts with `gpt-5`.
    ///
    /// Reasoning models take `max_completion_tokens` and accept only their default temperature,
    /// so ``OpenAIProvider`` leaves `temperature` out for them.
    public static func isReasoningModel(_ model: String) -> Bool {
        let name = (model.split(separator: "/").last.map(String.init) ?? model).lowercased()
        if name.hasPrefix("gpt-5") { return true }
        for family in ["o1", "o3", "o4"] where name == family || name.hasPrefix(family + "-") {
            return true
        }
        return false
    }
}
