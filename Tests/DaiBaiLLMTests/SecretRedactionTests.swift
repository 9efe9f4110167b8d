import DaiBaiCore
import DaiBaiLLM
import Testing

/// The API key never shows in descriptions, debug descriptions or dumps.
@Suite
struct SecretRedactionTests {
    /// Every way a value can be turned into text.
    func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), dumped, "\(value)"]
    }

    @Test func providersAndConfigurationsNeverShowTheKey() throws {
        let configuration = OpenAIProvider.Configuration(model: "gpt-4o", apiKey: SecretValue(testKey), organization: "org-test")
        let provider = try OpenAIProvider(configuration: configuration)
        let settings = LLMProviderSettings(name: "openai", type: "openai", apiKey: SecretValue(testKey))
        let built = try LLMProviderRegistry.standard.makeProvider(settings)
        for value in [provider as Any, configuration, built, settings] {
            for text in renderings(value) {
                #expect(!text.contains(testKey), "\(text)")
                #expect(!text.contains("0123456789abcdef"))
            }
        }
        #expect(String(describing: provider).contains("gpt-4o"))
        #expect(String(describing: provider).contains("api key set"))
    }

    @Test func configurationErrorsNeverShowTheKey() {
        let error = #expect(throws: ConfigurationError.self) {
            try LLMProviderRegistry.standard.makeProvider(LLMProviderSettings(name: "x", type: "meta", model: "m", apiKey: SecretValue(testKey)))
        }
        for text in renderings(error as Any) { #expect(!text.contains(testKey)) }
    }
}
