import DaiBaiCore
import DaiBaiLLM

/// Picks the language model for the demo.
enum DemoModel {
    /// How to turn on model-generated SQL, in one line.
    static let howToEnable = "Model-generated SQL: set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, AZURE_OPENAI_API_KEY (+ AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_DEPLOYMENT), or DAIBAI_LLM_BASE_URL (+ DAIBAI_LLM_MODEL) for an OpenAI-compatible server such as Ollama's /v1, or configure llm.providers in daibai.yaml; then run: daibai-demo ask \"your question\" --execute"

    /// The configured model (`llm.providers` in daibai.yaml first, then the environment), or a
    /// stand-in that explains how to configure one.
    static func resolve(settings: DaiBaiSettings, environment: [String: String]) throws -> (model: any LLMProvider, isConfigured: Bool) {
        if let configured = settings.provider() {
            return (try LLMProviderRegistry.standard.makeProvider(configured), true)
        }
        if let fromEnvironment = try LLMProviderRegistry.fromEnvironment(environment) {
            return (fromEnvironment, true)
        }
        return (UnconfiguredModel(), false)
    }
}

/// The model used when none is configured: every call fails with instructions.
struct UnconfiguredModel: LLMProvider {
    let name = "none"
    let model = "none"

    func complete(_ request: LLMRequest) async throws(LLMError) -> LLMResponse {
        throw .misconfigured(provider: name, message: "no language model is configured and the question is not in the verified-query library. " + DemoModel.howToEnable)
    }

    func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            continuation.finish(throwing: LLMError.misconfigured(provider: name, message: "no language model is configured. " + DemoModel.howToEnable))
        }
    }
}
