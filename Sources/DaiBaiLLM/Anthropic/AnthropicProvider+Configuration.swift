import DaiBaiCore
import HTTPTypes

extension AnthropicProvider {
    /// What an ``AnthropicProvider`` needs: base URL, model, key and defaults.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
        /// Anthropic's public base URL.
        public static let anthropicBaseURL = "https://api.anthropic.com"
        /// The model used when none is configured (the upstream default).
        public static let defaultModel = "claude-3-5-sonnet-20241022"
        /// The `max_tokens` sent when neither the request nor the configuration sets one (Anthropic requires it).
        public static let defaultMaxOutputTokens = 4096

        /// The provider name (the key under `llm.providers`).
        public var name: String
        /// The base URL, without `/v1`.
        public var baseURL: String
        /// The model to call.
        public var model: String
        /// The API key, sent as `x-api-key`.
        public var apiKey: SecretValue?
        /// A temperature that overrides each request's, or `nil` to use the request's.
        public var temperature: Double?
        /// The default `max_tokens` when a request sets none.
        public var maxOutputTokens: Int?
        /// Extra headers sent with every request (for example `anthropic-beta`).
        public var extraHeaders: HTTPFields
        /// The timeout of one HTTP attempt.
        public var requestTimeout: Duration

        /// Creates a configuration.
        public init(
            name: String = "anthropic",
            baseURL: String = Configuration.anthropicBaseURL,
            model: String = Configuration.defaultModel,
            apiKey: SecretValue? = nil,
            temperature: Double? = nil,
            maxOutputTokens: Int? = Configuration.defaultMaxOutputTokens,
            extraHeaders: HTTPFields = [:],
            requestTimeout: Duration = .seconds(120)
        ) {
            self.name = name
            self.baseURL = baseURL
            self.model = model
            self.apiKey = apiKey
            self.temperature = temperature
            self.maxOutputTokens = maxOutputTokens
            self.extraHeaders = extraHeaders
            self.requestTimeout = requestTimeout
        }

        /// Builds a configuration from `llm.providers.<name>` settings, validating them.
        ///
        /// - Throws: ``ConfigurationError`` naming the offending setting, for example
        ///   `llm.providers.<name>.api_key` when no key is set.
        public init(settings: LLMProviderSettings) throws(ConfigurationError) {
            let prefix = settings.configurationKeyPrefix
            let baseURL = settings.endpoint.nonEmpty ?? Self.anthropicBaseURL
            try settings.validateEndpoint(baseURL)
            guard let apiKey = settings.apiKey, !apiKey.isEmpty else {
                throw .missingSetting(
                    key: "\(prefix).api_key",
                    hint: "The 'anthropic' provider needs an API key (for example api_key: ${ANTHROPIC_API_KEY}, with ANTHROPIC_API_KEY set in the environment or .env)."
                )
            }
            try settings.validateSampling(temperatureRange: 0...1, vendorNote: " for Anthropic")
            self.init(
                name: settings.name,
                baseURL: baseURL,
                model: settings.model.nonEmpty ?? Self.defaultModel,
                apiKey: apiKey,
                temperature: settings.temperature,
                maxOutputTokens: settings.maxTokens
            )
        }

        /// A summary that says whether a key is set, never the key.
        public var description: String {
            "\(name) (model \(model) at \(baseURL), api key \(apiKey == nil ? "not set" : "set"))"
        }

        /// A mirror without the key.
        public var customMirror: Mirror {
            Mirror(
                self,
                children: [
                    "name": name, "baseURL": baseURL, "model": model,
                    "apiKey": apiKey == nil ? "not set" : "set",
                    "temperature": temperature as Any, "maxOutputTokens": maxOutputTokens as Any,
                    "extraHeaders": extraHeaders.map { $0.name.canonicalName },
                ],
                displayStyle: .struct
            )
        }
    }
}

extension LLMProviderRegistry {
    /// Builds an ``AnthropicProvider`` from `llm.providers.<name>` settings (type `anthropic`).
    public static let anthropicFactory: Factory = { settings, context throws(ConfigurationError) in
        let configuration = try AnthropicProvider.Configuration(settings: settings)
        do throws(LLMError) {
            return try AnthropicProvider(configuration: configuration, transport: context.transport, logger: context.logger)
        } catch {
            throw .invalidSetting(key: "llm.providers.\(settings.name).endpoint", reason: error.description)
        }
    }

    /// Registers ``anthropicFactory`` under the type `anthropic`.
    public static func registerAnthropic(in registry: inout LLMProviderRegistry) {
        registry.register(type: "anthropic", anthropicFactory)
    }
}
