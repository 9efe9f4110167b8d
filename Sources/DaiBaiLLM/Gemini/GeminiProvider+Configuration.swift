import DaiBaiCore
import HTTPTypes

extension GeminiProvider {
    /// Where and how a ``GeminiProvider`` calls the Gemini API.
    ///
    /// The base URL comes only from here (never from a request), and the API key is sent only
    /// to that base URL's scheme, host and port, in the `x-goog-api-key` header (never in the URL).
    public struct Configuration: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
        /// The Generative Language API's base URL.
        public static let defaultBaseURL = "https://generativelanguage.googleapis.com"
        /// The model used when configuration names none (as in the original DaiBai).
        public static let defaultModel = "gemini-2.5-pro"

        /// The provider's name in errors and logs (the key under `llm.providers`).
        public var name: String
        /// The base URL; requests go to `{baseURL}/v1beta/models/…`.
        public var baseURL: String
        /// The model to call, for example `gemini-2.5-pro` (a leading `models/` is accepted).
        public var model: String
        /// The API key, sent as `x-goog-api-key`; `nil` only for a gateway that adds its own.
        public var apiKey: SecretValue?
        /// When set, used instead of the request's temperature (the operator's setting wins);
        /// when `nil`, the request's temperature (0 by default) is sent.
        public var temperature: Double?
        /// The output-token limit used when the request gives none; `nil` sends no limit.
        public var maxOutputTokens: Int?
        /// Further header fields for every request. They never replace `x-goog-api-key`,
        /// `Authorization`, `Content-Type` or `Accept`.
        public var extraHeaders: HTTPFields
        /// The longest wait for a response head of one attempt.
        public var requestTimeout: Duration

        /// Creates a configuration (Google's base URL and `gemini-2.5-pro` by default).
        public init(
            name: String = "gemini",
            baseURL: String = Configuration.defaultBaseURL,
            model: String = Configuration.defaultModel,
            apiKey: SecretValue? = nil,
            temperature: Double? = nil,
            maxOutputTokens: Int? = 4096,
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

        /// The configuration for `settings` (type `gemini`), with the defaults above.
        ///
        /// - Throws: ``ConfigurationError/missingSetting(key:hint:)`` naming
        ///   `llm.providers.<name>.api_key` (and `GEMINI_API_KEY`) when no key is set;
        ///   ``ConfigurationError/invalidSetting(key:reason:)`` for an invalid endpoint, model,
        ///   temperature or max_tokens.
        public init(settings: LLMProviderSettings) throws(ConfigurationError) {
            let prefix = settings.configurationKeyPrefix
            let baseURL = settings.endpoint.nonEmpty ?? Self.defaultBaseURL
            try settings.validateEndpoint(baseURL)
            let model = settings.model.nonEmpty ?? Self.defaultModel
            guard GeminiProvider.isValidModelName(model) else {
                throw .invalidSetting(key: "\(prefix).model", reason: "'\(model)' is not a Gemini model name (letters, digits, '.', '-' and '_', optionally after 'models/')")
            }
            guard let apiKey = settings.apiKey, !apiKey.isEmpty else {
                throw .missingSetting(
                    key: "\(prefix).api_key",
                    hint: "The 'gemini' provider needs an API key (for example api_key: ${GEMINI_API_KEY}, with GEMINI_API_KEY set in the environment or .env)."
                )
            }
            try settings.validateSampling()
            self.init(
                name: settings.name,
                baseURL: baseURL,
                model: model,
                apiKey: apiKey,
                temperature: settings.temperature,
                maxOutputTokens: settings.maxTokens
            )
        }

        /// A one-line summary; the key shows only as set or not set, extra header values never.
        public var description: String {
            "\(name) (model \(model) at \(baseURL), api key \(apiKey == nil ? "not set" : "set"))"
        }

        /// A mirror without the key or header values, so `dump` shows no secret.
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
    /// Builds a ``GeminiProvider`` from `llm.providers.<name>` settings of type `gemini`
    /// (see ``GeminiProvider/Configuration/init(settings:)`` for defaults and errors).
    public static let geminiFactory: Factory = { settings, context throws(ConfigurationError) in
        let configuration = try GeminiProvider.Configuration(settings: settings)
        do throws(LLMError) {
            return try GeminiProvider(configuration: configuration, transport: context.transport, logger: context.logger)
        } catch {
            throw .invalidSetting(key: "llm.providers.\(settings.name).endpoint", reason: error.description)
        }
    }
}
