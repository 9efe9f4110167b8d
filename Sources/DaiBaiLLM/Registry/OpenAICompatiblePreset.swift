import DaiBaiCore
import Foundation

/// A provider type served by ``OpenAIProvider``: its default base URL and model, and whether
/// it needs a key.
///
/// The defaults follow the original DaiBai: only `openai` has a default model (`gpt-4o`);
/// the other presets require `model`. `meta`, `openai-compatible` and `custom` have no
/// default base URL and require `endpoint`. `openai-compatible` and `custom` work without a
/// key (local servers such as vLLM or Ollama's `/v1`).
public struct OpenAICompatiblePreset: Sendable, Hashable {
    /// The `type` value in configuration, for example `groq`.
    public var type: String
    /// The base URL used when `endpoint` is not set; `nil` means `endpoint` is required.
    public var defaultBaseURL: String?
    /// The model used when `model` is not set; `nil` means `model` is required.
    public var defaultModel: String?
    /// The environment variable the key usually comes from, for error messages.
    public var apiKeyEnvironmentVariable: String?
    /// Whether a missing `api_key` is an error.
    public var requiresAPIKey: Bool

    /// Creates a preset.
    public init(type: String, defaultBaseURL: String?, defaultModel: String?, apiKeyEnvironmentVariable: String?, requiresAPIKey: Bool) {
        self.type = type.lowercased()
        self.defaultBaseURL = defaultBaseURL
        self.defaultModel = defaultModel
        self.apiKeyEnvironmentVariable = apiKeyEnvironmentVariable
        self.requiresAPIKey = requiresAPIKey
    }

    /// OpenAI: `https://api.openai.com/v1`, model `gpt-4o`, key `OPENAI_API_KEY`.
    public static let openAI = OpenAICompatiblePreset(type: "openai", defaultBaseURL: "https://api.openai.com/v1", defaultModel: "gpt-4o", apiKeyEnvironmentVariable: "OPENAI_API_KEY", requiresAPIKey: true)
    /// Groq: `https://api.groq.com/openai/v1`, key `GROQ_API_KEY`.
    public static let groq = OpenAICompatiblePreset(type: "groq", defaultBaseURL: "https://api.groq.com/openai/v1", defaultModel: nil, apiKeyEnvironmentVariable: "GROQ_API_KEY", requiresAPIKey: true)
    /// DeepSeek: `https://api.deepseek.com`, key `DEEPSEEK_API_KEY`.
    public static let deepSeek = OpenAICompatiblePreset(type: "deepseek", defaultBaseURL: "https://api.deepseek.com", defaultModel: nil, apiKeyEnvironmentVariable: "DEEPSEEK_API_KEY", requiresAPIKey: true)
    /// Mistral: `https://api.mistral.ai/v1`, key `MISTRAL_API_KEY`.
    public static let mistral = OpenAICompatiblePreset(type: "mistral", defaultBaseURL: "https://api.mistral.ai/v1", defaultModel: nil, apiKeyEnvironmentVariable: "MISTRAL_API_KEY", requiresAPIKey: true)
    /// NVIDIA: `https://integrate.api.nvidia.com/v1`, key `NVIDIA_API_KEY`.
    public static let nvidia = OpenAICompatiblePreset(type: "nvidia", defaultBaseURL: "https://integrate.api.nvidia.com/v1", defaultModel: nil, apiKeyEnvironmentVariable: "NVIDIA_API_KEY", requiresAPIKey: true)
    /// Alibaba DashScope (compatible mode): `https://dashscope-intl.aliyuncs.com/compatible-mode/v1`, key `ALIBABA_API_KEY`.
    public static let alibaba = OpenAICompatiblePreset(type: "alibaba", defaultBaseURL: "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", defaultModel: nil, apiKeyEnvironmentVariable: "ALIBABA_API_KEY", requiresAPIKey: true)
    /// Meta: no default base URL (`endpoint` required), key `META_API_KEY`.
    public static let meta = OpenAICompatiblePreset(type: "meta", defaultBaseURL: nil, defaultModel: nil, apiKeyEnvironmentVariable: "META_API_KEY", requiresAPIKey: true)
    /// Any OpenAI-compatible server: `endpoint` and `model` required, key optional.
    public static let openAICompatible = OpenAICompatiblePreset(type: "openai-compatible", defaultBaseURL: nil, defaultModel: nil, apiKeyEnvironmentVariable: nil, requiresAPIKey: false)
    /// The same as ``openAICompatible`` under the type name `custom`.
    public static let custom = OpenAICompatiblePreset(type: "custom", defaultBaseURL: nil, defaultModel: nil, apiKeyEnvironmentVariable: nil, requiresAPIKey: false)

    /// Every preset above.
    public static let all: [OpenAICompatiblePreset] = [.openAI, .groq, .deepSeek, .mistral, .nvidia, .alibaba, .meta, .openAICompatible, .custom]

    /// The ``OpenAIProvider`` configuration for `settings`, with this preset's defaults.
    ///
    /// - Throws: ``ConfigurationError/missingSetting(key:hint:)`` naming
    ///   `llm.providers.<name>.endpoint`, `.model` or `.api_key` when a required value is
    ///   missing; ``ConfigurationError/invalidSetting(key:reason:)`` for an invalid endpoint,
    ///   temperature or max_tokens.
    public func configuration(from settings: LLMProviderSettings) throws(ConfigurationError) -> OpenAIProvider.Configuration {
        let prefix = settings.configurationKeyPrefix
        guard let baseURL = settings.endpoint.nonEmpty ?? defaultBaseURL else {
            throw .missingSetting(
                key: "\(prefix).endpoint",
                hint: "The '\(type)' provider type has no default base URL; set it to the service's OpenAI-compatible base URL (for example https://host/v1)."
            )
        }
        try settings.validateEndpoint(baseURL)
        guard let model = settings.model.nonEmpty ?? defaultModel else {
            throw .missingSetting(key: "\(prefix).model", hint: "The '\(type)' provider type has no default model; name the model to call.")
        }
        if requiresAPIKey && (settings.apiKey?.isEmpty ?? true) {
            let example = apiKeyEnvironmentVariable.map { " (for example api_key: ${\($0)}, with \($0) set in the environment or .env)" } ?? ""
            throw .missingSetting(key: "\(prefix).api_key", hint: "The '\(type)' provider needs an API key\(example).")
        }
        try settings.validateSampling()
        return OpenAIProvider.Configuration(
            name: settings.name,
            baseURL: baseURL,
            model: model,
            apiKey: settings.apiKey.flatMap { $0.isEmpty ? nil : $0 },
            temperature: settings.temperature,
            maxOutputTokens: settings.maxTokens
        )
    }
}

extension Optional where Wrapped == String {
    /// The string unless it is `nil` or blank.
    var nonEmpty: String? {
        guard let value = self?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
