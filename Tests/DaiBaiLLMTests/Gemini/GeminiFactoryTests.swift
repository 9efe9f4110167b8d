import DaiBaiCore
import DaiBaiLLM
import Testing

/// `LLMProviderRegistry.geminiFactory`: defaults and configuration errors.
struct GeminiFactoryTests {
    private var registry: LLMProviderRegistry {
        var registry = LLMProviderRegistry()
        registry.register(type: "gemini", LLMProviderRegistry.geminiFactory)
        return registry
    }

    private func settings(name: String = "gemini", model: String? = nil, apiKey: String? = geminiTestKey, endpoint: String? = nil, temperature: Double = 0, maxTokens: Int = 4096) -> LLMProviderSettings {
        LLMProviderSettings(name: name, type: "gemini", model: model, apiKey: apiKey.map(SecretValue.init), endpoint: endpoint, temperature: temperature, maxTokens: maxTokens)
    }

    private func failure(_ settings: LLMProviderSettings) -> ConfigurationError? {
        do {
            _ = try registry.makeProvider(settings)
            return nil
        } catch {
            return error
        }
    }

    @Test func theUpstreamDefaultsApplyWhenNothingElseIsConfigured() throws {
        let provider = try #require(try registry.makeProvider(settings()) as? GeminiProvider)
        #expect(provider.name == "gemini")
        #expect(provider.model == "gemini-2.5-pro")
        #expect(provider.endpoint.description == "https://generativelanguage.googleapis.com")
        #expect(provider.configuration.temperature == 0)
        #expect(provider.configuration.maxOutputTokens == 4096)
        #expect(!provider.description.contains(geminiTestKey))
    }

    @Test func configuredValuesWin() throws {
        let provider = try #require(
            try registry.makeProvider(settings(name: "google", model: "gemini-2.5-flash", endpoint: "http://127.0.0.1:8080/proxy", temperature: 0.5, maxTokens: 1000)) as? GeminiProvider
        )
        #expect(provider.name == "google")
        #expect(provider.model == "gemini-2.5-flash")
        #expect(provider.endpoint.description == "http://127.0.0.1:8080/proxy")
        #expect(provider.configuration.temperature == 0.5)
        #expect(provider.configuration.maxOutputTokens == 1000)
    }

    @Test func aMissingKeyNamesTheSettingAndTheEnvironmentVariable() throws {
        for key in [nil, ""] as [String?] {
            let error = try #require(failure(settings(name: "google", apiKey: key)))
            #expect(error.settingKey == "llm.providers.google.api_key")
            #expect(error.description.contains("GEMINI_API_KEY"))
        }
    }

    @Test func invalidSettingsAreNamed() throws {
        #expect(failure(settings(endpoint: "ftp://example.com"))?.settingKey == "llm.providers.gemini.endpoint")
        #expect(failure(settings(endpoint: "https://generativelanguage.googleapis.com?key=abc"))?.settingKey == "llm.providers.gemini.endpoint")
        #expect(failure(settings(model: "../../v1/files"))?.settingKey == "llm.providers.gemini.model")
        #expect(failure(settings(model: "gemini?key=x"))?.settingKey == "llm.providers.gemini.model")
        #expect(failure(settings(temperature: 3))?.settingKey == "llm.providers.gemini.temperature")
        #expect(failure(settings(maxTokens: 0))?.settingKey == "llm.providers.gemini.max_tokens")
        for error in [failure(settings(apiKey: nil)), failure(settings(model: "bad model"))].compactMap({ $0 }) {
            #expect(!error.description.contains(geminiTestKey))
        }
    }
}
