import DaiBaiCore
import DaiBaiLLM
import DaiBaiTesting
import HTTPTypes
import Testing

/// Building providers from `llm.providers.<name>` settings; requests are captured by a fake
/// transport, so no network is needed.
@Suite
struct LLMProviderRegistryTests {
    /// A fake transport that answers every request with a chat completion.
    func fakeTransport() -> FakeHTTPTransport {
        FakeHTTPTransport { _ throws(HTTPTransportError) in .status(.ok, body: ChatCompletionFixtures.completion) }
    }

    @Test(arguments: [
        ("openai", "api.openai.com", "/v1/chat/completions"),
        ("groq", "api.groq.com", "/openai/v1/chat/completions"),
        ("deepseek", "api.deepseek.com", "/chat/completions"),
        ("mistral", "api.mistral.ai", "/v1/chat/completions"),
        ("nvidia", "integrate.api.nvidia.com", "/v1/chat/completions"),
        ("alibaba", "dashscope-intl.aliyuncs.com", "/compatible-mode/v1/chat/completions"),
    ])
    func eachPresetCallsItsDefaultBaseURL(type: String, authority: String, path: String) async throws {
        let transport = fakeTransport()
        let settings = LLMProviderSettings(name: "main", type: type, model: "some-model", apiKey: SecretValue(testKey))
        let provider = try LLMProviderRegistry.standard.makeProvider(settings, context: LLMProviderContext(transport: transport))
        #expect(provider.name == "main")
        #expect(provider.model == "some-model")
        _ = try await provider.complete(sqlRequest)
        let request = try #require(transport.requests.first)
        #expect(request.head.method == .post)
        #expect(request.head.scheme == "https")
        #expect(request.head.authority == authority)
        #expect(request.head.path == path)
        #expect(request.head.headerFields[.authorization] == "Bearer \(testKey)")
        let body = try SentChatRequest.parse(try #require(request.body))
        #expect(body.model == "some-model")
        #expect(body.temperature == 0)
    }

    @Test func openAIDefaultsToGPT4o() throws {
        let provider = try LLMProviderRegistry.standard.makeProvider(
            LLMProviderSettings(name: "openai", type: "openai", apiKey: SecretValue(testKey)),
            context: LLMProviderContext(transport: fakeTransport())
        )
        #expect(provider.model == "gpt-4o")
    }

    @Test func metaAndCustomUseTheConfiguredEndpoint() async throws {
        let transport = fakeTransport()
        let registry = LLMProviderRegistry.standard
        let meta = try registry.makeProvider(
            LLMProviderSettings(name: "llama", type: "meta", model: "Llama-4-Maverick", apiKey: SecretValue(testKey), endpoint: "https://api.llama.example/compat/v1"),
            context: LLMProviderContext(transport: transport)
        )
        let custom = try registry.makeProvider(
            LLMProviderSettings(name: "local", type: "custom", model: "qwen2.5-coder", endpoint: "http://localhost:11434/v1"),
            context: LLMProviderContext(transport: transport)
        )
        _ = try await meta.complete(sqlRequest)
        _ = try await custom.complete(sqlRequest)
        let requests = transport.requests
        #expect(requests.map { $0.head.authority } == ["api.llama.example", "localhost:11434"])
        #expect(requests.map { $0.head.path } == ["/compat/v1/chat/completions", "/v1/chat/completions"])
        #expect(requests[1].head.headerFields[.authorization] == nil)
    }

    @Test func theConfiguredTemperatureAndMaxTokensAreSent() async throws {
        let transport = fakeTransport()
        let provider = try LLMProviderRegistry.standard.makeProvider(
            LLMProviderSettings(name: "openai", type: "openai", apiKey: SecretValue(testKey), temperature: 0.2, maxTokens: 512),
            context: LLMProviderContext(transport: transport)
        )
        _ = try await provider.complete(sqlRequest)
        let body = try SentChatRequest.parse(try #require(transport.requests.first?.body))
        #expect(body.temperature == 0.2)
        #expect(body.max_tokens == 512)
    }

    @Test func aMissingKeyNamesTheSettingAndTheUsualVariable() {
        let error = #expect(throws: ConfigurationError.self) {
            try LLMProviderRegistry.standard.makeProvider(LLMProviderSettings(name: "openai", type: "openai"))
        }
        guard case .missingSetting(let key, let hint) = error else {
            Issue.record("expected missingSetting, got \(String(describing: error))")
            return
        }
        #expect(key == "llm.providers.openai.api_key")
        #expect(hint.contains("OPENAI_API_KEY"))
        #expect(String(describing: error).contains("llm.providers.openai.api_key"))
    }

    @Test func aMissingEndpointNamesTheSetting() {
        let error = #expect(throws: ConfigurationError.self) {
            try LLMProviderRegistry.standard.makeProvider(LLMProviderSettings(name: "llama", type: "meta", model: "m", apiKey: SecretValue(testKey)))
        }
        #expect(error?.settingKey == "llm.providers.llama.endpoint")
    }

    @Test func aMissingModelNamesTheSetting() {
        let error = #expect(throws: ConfigurationError.self) {
            try LLMProviderRegistry.standard.makeProvider(LLMProviderSettings(name: "fast", type: "groq", apiKey: SecretValue(testKey)))
        }
        #expect(error?.settingKey == "llm.providers.fast.model")
    }

    @Test func anInvalidEndpointIsAnInvalidSetting() {
        let error = #expect(throws: ConfigurationError.self) {
            try LLMProviderRegistry.standard.makeProvider(
                LLMProviderSettings(name: "x", type: "custom", model: "m", endpoint: "https://user:secret@host.example/v1")
            )
        }
        guard case .invalidSetting(let key, let reason) = error else {
            Issue.record("expected invalidSetting, got \(String(describing: error))")
            return
        }
        #expect(key == "llm.providers.x.endpoint")
        #expect(!reason.contains("secret"))
    }

    @Test("every provider type of the original DaiBai is built by the standard registry")
    func everyUpstreamTypeIsBuilt() throws {
        let registry = LLMProviderRegistry.standard
        let key = SecretValue(testKey)
        #expect(try registry.makeProvider(LLMProviderSettings(name: "a", type: "anthropic", apiKey: key)) is AnthropicProvider)
        #expect(try registry.makeProvider(LLMProviderSettings(name: "g", type: "gemini", apiKey: key)) is GeminiProvider)
        #expect(try registry.makeProvider(LLMProviderSettings(name: "o", type: "ollama")) is OllamaProvider)
        #expect(try registry.makeProvider(LLMProviderSettings(name: "z", type: "azure", model: "gpt4o-deployment", apiKey: key, endpoint: "https://res.openai.azure.com")) is AzureOpenAIProvider)
        for type in ["openai", "groq", "deepseek", "mistral", "nvidia", "alibaba"] {
            #expect(try registry.makeProvider(LLMProviderSettings(name: type, type: type, model: "m", apiKey: key)) is OpenAIProvider, "\(type)")
        }
        #expect(LLMProviderRegistry.plannedTypes.isEmpty)
    }

    @Test func anUnknownTypeListsTheKnownOnes() {
        let error = #expect(throws: ConfigurationError.self) {
            try LLMProviderRegistry.standard.makeProvider(LLMProviderSettings(name: "p", type: "foo"))
        }
        #expect(String(describing: error).contains("unknown provider type 'foo'"))
        #expect(String(describing: error).contains("groq"))
    }

    @Test func aRegisteredFactoryReplacesAPlannedType() throws {
        var registry = LLMProviderRegistry.standard
        registry.register(type: "ollama") { settings, _ in ScriptedLLMProvider(name: settings.name, model: settings.model ?? "codellama:13b", replies: []) }
        let provider = try registry.makeProvider(LLMProviderSettings(name: "local", type: "Ollama"))
        #expect(provider.model == "codellama:13b")
        #expect(registry.registeredTypes.contains("ollama"))
    }
}

/// Picking a provider from environment variables when no daibai.yaml configures one.
@Suite
struct EnvironmentProviderTests {
    @Test func nothingSetGivesNoProvider() throws {
        #expect(try LLMProviderRegistry.fromEnvironment([:]) == nil)
        #expect(try LLMProviderRegistry.fromEnvironment(["OPENAI_API_KEY": "  "]) == nil)
    }

    @Test func anOpenAIKeyGivesOpenAIWithGPT4o() throws {
        let provider = try #require(try LLMProviderRegistry.fromEnvironment(["OPENAI_API_KEY": testKey]))
        #expect(provider.name == "openai")
        #expect(provider.model == "gpt-4o")
        let settings = try #require(LLMProviderRegistry.settingsFromEnvironment(["OPENAI_API_KEY": testKey, "DAIBAI_LLM_MODEL": "gpt-4o-mini"]))
        #expect(settings.model == "gpt-4o-mini")
        #expect(settings.temperature == 0)
    }

    @Test func otherVendorKeysPickTheirProviders() throws {
        #expect(try LLMProviderRegistry.fromEnvironment(["ANTHROPIC_API_KEY": testKey]) is AnthropicProvider)
        #expect(try LLMProviderRegistry.fromEnvironment(["GEMINI_API_KEY": testKey]) is GeminiProvider)
        let azure = try LLMProviderRegistry.fromEnvironment([
            "AZURE_OPENAI_API_KEY": testKey, "AZURE_OPENAI_ENDPOINT": "https://res.openai.azure.com", "AZURE_OPENAI_DEPLOYMENT": "sql-gpt",
        ])
        #expect(azure is AzureOpenAIProvider)
        #expect(azure?.model == "sql-gpt")
        #expect(try LLMProviderRegistry.fromEnvironment(["OPENAI_API_KEY": testKey, "ANTHROPIC_API_KEY": testKey]) is OpenAIProvider, "OpenAI first, as documented")
    }

    @Test func aBaseURLGivesAnOpenAICompatibleProviderThatNeverGetsTheOpenAIKey() async throws {
        let transport = FakeHTTPTransport { _ throws(HTTPTransportError) in .status(.ok, body: ChatCompletionFixtures.completion) }
        let provider = try #require(try LLMProviderRegistry.fromEnvironment(
            ["DAIBAI_LLM_BASE_URL": "http://127.0.0.1:11434/v1", "DAIBAI_LLM_MODEL": "llama3.2", "OPENAI_API_KEY": testKey],
            context: LLMProviderContext(transport: transport)
        ))
        #expect(provider.model == "llama3.2")
        _ = try await provider.complete(sqlRequest)
        let request = try #require(transport.requests.first)
        #expect(request.head.authority == "127.0.0.1:11434")
        #expect(request.head.path == "/v1/chat/completions")
        #expect(request.head.headerFields[.authorization] == nil)
    }

    @Test func aBaseURLKeyIsSentAsBearer() async throws {
        let transport = FakeHTTPTransport { _ throws(HTTPTransportError) in .status(.ok, body: ChatCompletionFixtures.completion) }
        let provider = try #require(try LLMProviderRegistry.fromEnvironment(
            ["DAIBAI_LLM_BASE_URL": "https://gateway.example/v1", "DAIBAI_LLM_MODEL": "m", "DAIBAI_LLM_API_KEY": testKey],
            context: LLMProviderContext(transport: transport)
        ))
        _ = try await provider.complete(sqlRequest)
        #expect(transport.requests.first?.head.headerFields[.authorization] == "Bearer \(testKey)")
    }

    @Test func aBaseURLWithoutModelNamesTheVariable() {
        let error = #expect(throws: ConfigurationError.self) {
            try LLMProviderRegistry.fromEnvironment(["DAIBAI_LLM_BASE_URL": "http://127.0.0.1:8000/v1"])
        }
        #expect(error?.settingKey == "DAIBAI_LLM_MODEL")
    }

    @Test func anInvalidBaseURLNamesTheVariable() {
        let error = #expect(throws: ConfigurationError.self) {
            try LLMProviderRegistry.fromEnvironment(["DAIBAI_LLM_BASE_URL": "localhost:8000", "DAIBAI_LLM_MODEL": "m"])
        }
        #expect(error?.settingKey == "DAIBAI_LLM_BASE_URL")
    }
}
