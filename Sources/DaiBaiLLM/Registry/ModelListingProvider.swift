import DaiBaiCore

/// A provider that can list the models its service offers: a cheap authenticated call.
public protocol ModelListingProvider: LLMProvider {
    /// The model names the service offers, sorted.
    func listModels() async throws(LLMError) -> [String]
}

extension OpenAIProvider: ModelListingProvider {}
extension AnthropicProvider: ModelListingProvider {}
extension GeminiProvider: ModelListingProvider {}
extension OllamaProvider: ModelListingProvider {}
