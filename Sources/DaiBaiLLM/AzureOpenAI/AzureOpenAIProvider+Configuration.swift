import DaiBaiCore
import HTTPTypes

extension AzureOpenAIProvider {
    /// Where and how an ``AzureOpenAIProvider`` calls an Azure OpenAI deployment.
    ///
    /// The endpoint comes only from here (never from a request), and the key or token is sent
    /// only to that endpoint's scheme, host and port.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
        /// The API version used when configuration names none (the GA version `2024-10-21`).
        public static let defaultAPIVersion = "2024-10-21"
        /// The Entra scope of the Azure OpenAI data plane.
        public static let tokenScope = "https://cognitiveservices.azure.com/.default"

        /// The provider's name in errors and logs (the key under `llm.providers`).
        public var name: String
        /// The resource endpoint, for example `https://myres.openai.azure.com`.
        public var endpoint: String
        /// The deployment name (configured as `model`).
        public var deployment: String
        /// The `api-version` query value.
        public var apiVersion: String
        /// The key, sent as `api-key`; when `nil` an Entra token from the provider's
        /// `TokenCredential` is sent as `Authorization: Bearer …`.
        public var apiKey: SecretValue?
        /// When set, used instead of the request's temperature; when `nil`, the request's
        /// temperature (0 by default) is sent.
        public var temperature: Double?
        /// The output-token limit used when the request gives none; `nil` sends no limit.
        public var maxOutputTokens: Int?
        /// Which field carries the output-token limit (by default chosen from the deployment name).
        public var tokenLimitParameter: OpenAITokenLimitParameter
        /// Further header fields for every request. They never replace `api-key`,
        /// `Authorization`, `Content-Type` or `Accept`.
        public var extraHeaders: HTTPFields
        /// The longest wait for a response head of one attempt.
        public var requestTimeout: Duration

        /// Creates a configuration.
        public init(
            name: String = "azure",
            endpoint: String,
            deployment: String,
            apiVersion: String = Configuration.defaultAPIVersion,
            apiKey: SecretValue? = nil,
            temperature: Double? = nil,
            maxOutputTokens: Int? = 4096,
            tokenLimitParameter: OpenAITokenLimitParameter = .automatic,
            extraHeaders: HTTPFields = [:],
            requestTimeout: Duration = .seconds(120)
        ) {
            self.name = name
            self.endpoint = endpoint
            self.deployment = deployment
            self.apiVersion = apiVersion
            self.apiKey = apiKey
            self.temperature = temperature
            self.maxOutputTokens = maxOutputTokens
            self.tokenLimitParameter = tokenLimitParameter
            self.extraHeaders = extraHeaders
            self.requestTimeout = requestTimeout
        }

        /// The configuration for `settings` (type `azure`): `endpoint` and `model` (the
        /// deployment) are required, `api_version` defaults to ``defaultAPIVersion``.
        ///
        /// - Throws: ``ConfigurationError/missingSetting(key:hint:)`` naming
        ///   `llm.providers.<name>.endpoint` or `.model`; ``ConfigurationError/invalidSetting(key:reason:)``
        ///   for an invalid endpoint, deployment, api_version, temperature or max_tokens.
        public init(settings: LLMProviderSettings) throws(ConfigurationError) {
            let prefix = settings.configurationKeyPrefix
            guard let endpoint = settings.endpoint.nonEmpty else {
                throw .missingSetting(key: "\(prefix).endpoint", hint: "The 'azure' provider needs the resource endpoint, for example https://myresource.openai.azure.com.")
            }
            try settings.validateEndpoint(endpoint)
            guard let deployment = settings.model.nonEmpty else {
                throw .missingSetting(key: "\(prefix).model", hint: "The 'azure' provider needs the deployment name as model.")
            }
            guard AzureOpenAIProvider.isValidPathValue(deployment) else {
                throw .invalidSetting(key: "\(prefix).model", reason: "'\(deployment)' is not a deployment name (letters, digits, '.', '-' and '_')")
            }
            let apiVersion = settings.apiVersion.nonEmpty ?? Self.defaultAPIVersion
            guard AzureOpenAIProvider.isValidPathValue(apiVersion) else {
                throw .invalidSetting(key: "\(prefix).api_version", reason: "'\(apiVersion)' is not an API version, for example \(Self.defaultAPIVersion)")
            }
            guard let apiKey = settings.apiKey, !apiKey.isEmpty else {
                throw .missingSetting(
                    key: "\(prefix).api_key",
                    hint: "The 'azure' provider built from configuration needs an API key (for example api_key: ${AZURE_OPENAI_API_KEY}); for Entra ID, create AzureOpenAIProvider with a TokenCredential."
                )
            }
            try settings.validateSampling()
            self.init(
                name: settings.name,
                endpoint: endpoint,
                deployment: deployment,
                apiVersion: apiVersion,
                apiKey: apiKey,
                temperature: settings.temperature,
                maxOutputTokens: settings.maxTokens
            )
        }

        /// A one-line summary; the key shows only as set or not set, extra header values never.
        public var description: String {
            "\(name) (deployment \(deployment) at \(endpoint), api-version \(apiVersion), api key \(apiKey == nil ? "not set" : "set"))"
        }

        /// A mirror without the key or header values, so `dump` shows no secret.
        public var customMirror: Mirror {
            Mirror(
                self,
                children: [
                    "name": name, "endpoint": endpoint, "deployment": deployment, "apiVersion": apiVersion,
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
    /// Builds an ``AzureOpenAIProvider`` authenticated with `api_key` from
    /// `llm.providers.<name>` settings of type `azure` (see
    /// ``AzureOpenAIProvider/Configuration/init(settings:)`` for defaults and errors).
    public static let azureOpenAIFactory: Factory = { settings, context throws(ConfigurationError) in
        let configuration = try AzureOpenAIProvider.Configuration(settings: settings)
        do throws(LLMError) {
            return try AzureOpenAIProvider(configuration: configuration, transport: context.transport, logger: context.logger)
        } catch {
            throw .invalidSetting(key: "llm.providers.\(settings.name).endpoint", reason: error.description)
        }
    }
}
