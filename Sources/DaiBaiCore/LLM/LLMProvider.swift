/// A chat language model: the one seam every vendor plugs into.
///
/// Implementations live in `DaiBaiLLM` (OpenAI, Azure OpenAI, Anthropic, Gemini, Ollama,
/// OpenAI-compatible); `DaiBaiTesting` has a scripted fake.
public protocol LLMProvider: Sendable {
    /// The configured name of this provider, for example `"openai"`.
    var name: String { get }
    /// The model it calls.
    var model: String { get }

    /// Generates a complete answer.
    func complete(_ request: LLMRequest) async throws(LLMError) -> LLMResponse

    /// Streams an answer as it is generated. The stream fails with an ``LLMError``;
    /// cancelling the consuming task stops the request.
    func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error>
}

/// Turns texts into vectors for similarity search.
public protocol EmbeddingProvider: Sendable {
    /// A name for messages and cache keys, for example `"openai:text-embedding-3-small"`.
    var name: String { get }
    /// The length of every vector it returns.
    var dimensions: Int { get }

    /// One vector per text, in order.
    func embed(_ texts: [String]) async throws(LLMError) -> [[Float]]
}
