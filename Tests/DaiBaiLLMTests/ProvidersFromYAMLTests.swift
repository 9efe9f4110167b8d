import DaiBaiCore
import DaiBaiLLM
import Foundation
import Testing

/// Every provider type of the original DaiBai, configured in one upstream-shaped daibai.yaml.
@Suite struct ProvidersFromYAMLTests {
    static let yaml = """
        llm:
          default: openai
          providers:
            openai: {type: openai, api_key: "${OPENAI_API_KEY}"}
            azure: {type: azure, model: sql-gpt, endpoint: "https://res.openai.azure.com", api_key: "${AZURE_OPENAI_API_KEY}", api_version: "2024-10-21"}
            anthropic: {type: anthropic, api_key: "${ANTHROPIC_API_KEY}"}
            gemini: {type: gemini, api_key: "${GEMINI_API_KEY}"}
            ollama: {type: ollama, endpoint: "http://localhost:11434"}
            groq: {type: groq, model: llama-3.3-70b-versatile, api_key: k-groq}
            deepseek: {type: deepseek, model: deepseek-chat, api_key: k-deepseek}
            mistral: {type: mistral, model: mistral-large-latest, api_key: k-mistral}
            nvidia: {type: nvidia, model: meta/llama-3.1-70b-instruct, api_key: k-nvidia}
            alibaba: {type: alibaba, model: qwen-plus, api_key: k-alibaba}
            meta: {type: meta, model: llama-3, endpoint: "https://llama.example/v1", api_key: k-meta}
            local: {type: openai-compatible, model: qwen2.5-coder, endpoint: "http://127.0.0.1:8080/v1"}
        """

    @Test("all twelve providers are built from daibai.yaml by type, with temperature 0 unless configured")
    func allProvidersBuild() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("daibai-llm-yaml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("daibai.yaml").path
        try Self.yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let environment = ["OPENAI_API_KEY": "k-openai", "AZURE_OPENAI_API_KEY": "k-azure", "ANTHROPIC_API_KEY": "k-anthropic", "GEMINI_API_KEY": "k-gemini"]
        let loaded = try ConfigurationLoader.load(.init(configFile: file, dotEnvFile: nil, environment: environment))
        let settings = try DaiBaiSettings(config: loaded.reader)
        #expect(settings.providers.count == 12)

        let expected: [String: (any LLMProvider.Type, String)] = [
            "openai": (OpenAIProvider.self, "gpt-4o"), "azure": (AzureOpenAIProvider.self, "sql-gpt"),
            "anthropic": (AnthropicProvider.self, "claude-3-5-sonnet-20241022"), "gemini": (GeminiProvider.self, "gemini-2.5-pro"),
            "ollama": (OllamaProvider.self, "codellama:13b"), "groq": (OpenAIProvider.self, "llama-3.3-70b-versatile"),
            "deepseek": (OpenAIProvider.self, "deepseek-chat"), "mistral": (OpenAIProvider.self, "mistral-large-latest"),
            "nvidia": (OpenAIProvider.self, "meta/llama-3.1-70b-instruct"), "alibaba": (OpenAIProvider.self, "qwen-plus"),
            "meta": (OpenAIProvider.self, "llama-3"), "local": (OpenAIProvider.self, "qwen2.5-coder"),
        ]
        for providerSettings in settings.providers {
            #expect(providerSettings.temperature == 0)
            let provider = try LLMProviderRegistry.standard.makeProvider(providerSettings)
            let (type, model) = try #require(expected[providerSettings.name])
            #expect(Swift.type(of: provider) == type, "\(providerSettings.name)")
            #expect(provider.model == model, "\(providerSettings.name)")
            #expect(!String(describing: provider).contains("k-\(providerSettings.name)"))
        }
    }
}
