import DaiBaiCore

/// Builds language-model providers from configuration, keyed by the provider `type`
/// (`llm.providers.<name>.type`).
///
/// ``standard`` registers ``OpenAIProvider`` for every ``OpenAICompatiblePreset``, and
/// ``AnthropicProvider``, ``GeminiProvider``, ``OllamaProvider`` and ``AzureOpenAIProvider``. Types that
/// DaiBaiLLM will support but does not implement yet (``plannedTypes``) fail with a clear
/// error instead of "unknown type"; registering a factory for one of them replaces that.
public struct LLMProviderRegistry: Sendable {
    /// Builds a provider from its settings.
    public typealias Factory = @Sendable (LLMProviderSettings, LLMProviderContext) throws(ConfigurationError) -> any LLMProvider

    /// Provider types of the original DaiBai that this version does not implement yet.
    public static let plannedTypes: Set<String> = []

    private var factories: [String: Factory] = [:]

    /// An empty registry.
    public init() {}

    /// A registry with every OpenAI-compatible preset (`openai`, `groq`, `deepseek`, `mistral`,
    /// `nvidia`, `alibaba`, `meta`, `openai-compatible`, `custom`).
    public static var standard: LLMProviderRegistry {
        var registry = LLMProviderRegistry()
        for preset in OpenAICompatiblePreset.all { registry.register(preset) }
        registry.register(type: "anthropic", anthropicFactory)
        registry.register(type: "gemini", geminiFactory)
        registry.register(type: "ollama", ollamaFactory)
        registry.register(type: "azure", azureOpenAIFactory)
        return registry
    }

    /// Registers (or replaces) the factory for `type` (case-insensitive).
    public mutating func register(type: String, _ factory: @escaping Factory) {
        factories[type.lowercased()] = factory
    }

    /// Registers ``OpenAIProvider`` for `preset`'s type.
    public mutating func register(_ preset: OpenAICompatiblePreset) {
        register(type: preset.type) { settings, context throws(ConfigurationError) in
            let configuration = try preset.configuration(from: settings)
            do throws(LLMError) {
                return try OpenAIProvider(configuration: configuration, transport: context.transport, logger: context.logger)
            } catch {
                throw .invalidSetting(key: "llm.providers.\(settings.name).endpoint", reason: error.description)
            }
        }
    }

    /// The registered types, sorted.
    public var registeredTypes: [String] { factories.keys.sorted() }

    /// The provider described by `settings`.
    ///
    /// - Throws: ``ConfigurationError`` naming the setting at fault: an unknown or not yet
    ///   implemented `type`, or a missing or invalid `endpoint`, `model` or `api_key`.
    public func makeProvider(_ settings: LLMProviderSettings, context: LLMProviderContext = LLMProviderContext()) throws(ConfigurationError) -> any LLMProvider {
        let type = settings.type.lowercased()
        guard let factory = factories[type] else {
            let key = "llm.providers.\(settings.name).type"
            if Self.plannedTypes.contains(type) {
                throw .invalidSetting(
                    key: key,
                    reason: "the provider type '\(type)' is not implemented yet in this version of DaiBaiLLM; use one of \(registeredTypes.joined(separator: ", ")) (an OpenAI-compatible endpoint works for many services)"
                )
            }
            throw .invalidSetting(key: key, reason: "unknown provider type '\(type)'; known types: \(registeredTypes.joined(separator: ", "))")
        }
        return try factory(settings, context)
    }
}
