import Configuration

/// The settings of one configured language-model provider (`llm.providers.<name>`).
public struct LLMProviderSettings: Sendable, Hashable, CustomStringConvertible {
    /// The provider's configured name (the key under `llm.providers`).
    public var name: String
    /// The provider type, for example `openai`, `azure`, `anthropic`, `gemini`, `ollama`, `groq`.
    public var type: String
    /// The model (or Azure deployment) to call; `nil` means the type's default.
    public var model: String?
    /// The API key, if the provider uses one. Redacted in every description.
    public var apiKey: SecretValue?
    /// The base URL, for providers that need or allow one.
    public var endpoint: String?
    /// The Azure OpenAI API version.
    public var apiVersion: String?
    /// Sampling temperature; 0 unless configured (SQL generation wants determinism).
    public var temperature: Double
    /// The most output tokens per call.
    public var maxTokens: Int

    /// Reads the settings from a reader scoped to `llm.providers.<name>`.
    ///
    /// Keys: `type` (defaults to `name`), `model`, `api_key` (secret), `endpoint`,
    /// `api_version`, `temperature` (default 0), `max_tokens` (default 4096).
    public init(name: String, config: ConfigReader) {
        self.name = name
        self.type = config.string(forKey: "type", default: name).lowercased()
        self.model = config.string(forKey: "model")
        self.apiKey = config.string(forKey: "api_key", isSecret: true).flatMap { $0.isEmpty ? nil : SecretValue($0) }
        self.endpoint = config.string(forKey: "endpoint")
        self.apiVersion = config.string(forKey: "api_version")
        self.temperature = config.double(forKey: "temperature", default: 0)
        self.maxTokens = config.int(forKey: "max_tokens", default: 4096)
    }

    /// Creates settings directly.
    public init(name: String, type: String, model: String? = nil, apiKey: SecretValue? = nil, endpoint: String? = nil, apiVersion: String? = nil, temperature: Double = 0, maxTokens: Int = 4096) {
        self.name = name
        self.type = type
        self.model = model
        self.apiKey = apiKey
        self.endpoint = endpoint
        self.apiVersion = apiVersion
        self.temperature = temperature
        self.maxTokens = maxTokens
    }

    /// A one-line summary; the key shows only as set or not set.
    public var description: String {
        "\(name) (type \(type), model \(model ?? "default"), api key \(apiKey == nil ? "not set" : "set"), endpoint \(endpoint ?? "default"))"
    }
}
