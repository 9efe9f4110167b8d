import DaiBaiCore
import HTTPTypes

extension OllamaProvider {
    /// Where and how an ``OllamaProvider`` calls an Ollama server.
    ///
    /// The base URL comes only from here (never from a request). Ollama has no key.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
        /// Ollama's default local address.
        public static let defaultBaseURL = "http://localhost:11434"
        /// The model used when configuration names none (as in the original DaiBai).
        public static let defaultModel = "codellama:13b"

        /// The provider's name in errors and logs (the key under `llm.providers`).
        public var name: String
        /// The base URL; requests go to `{baseURL}/api/chat` and `{baseURL}/api/tags`.
        public var baseURL: String
        /// The model to call, for example `codellama:13b`.
        public var model: String
        /// When set, used instead of the request's temperature (the operator's setting wins);
        /// when `nil`, the request's temperature (0 by default) is sent.
        public var temperature: Double?
        /// The output-token limit (`num_predict`) used when the request gives none; `nil`
        /// leaves the model's default.
        public var maxOutputTokens: Int?
        /// Further header fields for every request (for example a reverse proxy's routing
        /// header). They never replace `Content-Type` or `Accept`.
        public var extraHeaders: HTTPFields
        /// The longest wait for a response head of one attempt (a local model may need to load).
        public var requestTimeout: Duration

        /// Creates a configuration (the local server and `codellama:13b` by default).
        public init(
            name: String = "ollama",
            baseURL: String = Configuration.defaultBaseURL,
            model: String = Configuration.defaultModel,
            temperature: Double? = nil,
            maxOutputTokens: Int? = 4096,
            extraHeaders: HTTPFields = [:],
            requestTimeout: Duration = .seconds(300)
        ) {
            self.name = name
            self.baseURL = baseURL
            self.model = model
            self.temperature = temperature
            self.maxOutputTokens = maxOutputTokens
            self.extraHeaders = extraHeaders
            self.requestTimeout = requestTimeout
        }

        /// The configuration for `settings` (type `ollama`), with the defaults above. An
        /// `api_key`, if configured, is ignored (Ollama has none).
        ///
        /// - Throws: ``ConfigurationError/invalidSetting(key:reason:)`` naming
        ///   `llm.providers.<name>.endpoint`, `.temperature` or `.max_tokens` for an invalid value.
        public init(settings: LLMProviderSettings) throws(ConfigurationError) {
            let prefix = settings.configurationKeyPrefix
            let baseURL = settings.endpoint.nonEmpty ?? Self.defaultBaseURL
            try settings.validateEndpoint(baseURL)
            try settings.validateSampling()
            self.init(
                name: settings.name,
                baseURL: baseURL,
                model: settings.model.nonEmpty ?? Self.defaultModel,
                temperature: settings.temperature,
                maxOutputTokens: settings.maxTokens
            )
        }

        /// A one-line summary; extra header values never show.
        public var description: String { "\(name) (model \(model) at \(baseURL))" }

        /// A mirror without header values (a proxy header may carry a credential).
        public var customMirror: Mirror {
            Mirror(
                self,
                children: [
                    "name": name, "baseURL": baseURL, "model": model,
                    "temperature": temperature as Any, "maxOutputTokens": maxOutputTokens as Any,
                    "extraHeaders": extraHeaders.map { $0.name.canonicalName },
                ],
                displayStyle: .struct
            )
        }
    }
}

extension LLMProviderRegistry {
    /// Builds an ``OllamaProvider`` from `llm.providers.<name>` settings of type `ollama`
    /// (see ``OllamaProvider/Configuration/init(settings:)`` for defaults and errors).
    public static let ollamaFactory: Factory = { settings, context throws(ConfigurationError) in
        let configuration = try OllamaProvider.Configuration(settings: settings)
        do throws(LLMError) {
            return try OllamaProvider(configuration: configuration, transport: context.transport, logger: context.logger)
        } catch {
            throw .invalidSetting(key: "llm.providers.\(settings.name).endpoint", reason: error.description)
        }
    }
}
