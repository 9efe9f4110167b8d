import DaiBaiCore

/// The model used when none is configured: every call fails saying how to configure one, so
/// only questions in the verified-query library are answered.
public struct UnconfiguredModel: LLMProvider {
    /// How to turn on model-generated SQL.
    public static let howToConfigure = "Set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, AZURE_OPENAI_API_KEY (+ AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_DEPLOYMENT) or DAIBAI_LLM_BASE_URL (+ DAIBAI_LLM_MODEL), or configure llm.providers, and restart the server."
    /// `none`.
    public let name = "none"
    /// `none`.
    public let model = "none"

    /// Creates the stand-in.
    public init() {}

    /// Fails with instructions.
    public func complete(_ request: LLMRequest) async throws(LLMError) -> LLMResponse {
        throw .misconfigured(provider: name, message: "no language model is configured and the question is not in the verified-query library. " + Self.howToConfigure)
    }

    /// Fails with instructions.
    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            continuation.finish(throwing: LLMError.misconfigured(provider: "none", message: "no language model is configured. " + Self.howToConfigure))
        }
    }
}
