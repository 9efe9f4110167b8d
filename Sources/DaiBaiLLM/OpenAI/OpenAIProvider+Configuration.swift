import DaiBaiCore
import HTTPTypes

extension OpenAIProvider {
    /// Where and how an ``OpenAIProvider`` calls a Chat Completions API.
    ///
    /// The base URL comes only from here (never from a request), and the API key is sent only
    /// to that base URL's scheme, host and port.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
        /// OpenAI's base URL.
        public static let openAIBaseURL = "https://api.openai.com/v1"

        /// The provider's name in errors and logs (the key under `llm.providers`).
        public var name: String
        /// The base URL; requests go to `{baseURL}/chat/completions` and `{baseURL}/models`.
        public var baseURL: String
        /// The model to call.
        public var model: String
        /// The API key, sent as `Authorization: Bearer …`; `nil` for servers without one.
        public var apiKey: SecretValue?
        /// When set, used instead of the request's temperature (the operator's setting wins);
        /// when `nil`, the request's temperature (0 by default) is sent. Reasoning models get
        /// no temperature at all (see ``OpenAITokenLimitParameter/isReasoningModel(_:)``).
        public var temperature: Double?
        /// The output-token limit used when the request gives none; `nil` sends no limit.
        public var maxOutputTokens: Int?
        /// Which field carries the output-token limit.
        public var tokenLimitParameter: OpenAITokenLimitParameter
        /// Sent as `OpenAI-Organization` when set.
        public var organization: String?
        /// Sent as `OpenAI-Project` when set.
        public var project: String?
        /// Further header fields for every request (for example a gateway's routing header).
        /// They never replace `Authorization`, `Content-Type` or `Accept`.
        public var extraHeaders: HTTPFields
        /// The longest wait for a response head of one attempt.
        public var requestTimeout: Duration

        /// Creates a configuration; only `model` is required (OpenAI's base URL by default).
        public init(
            name: String = "openai",
            baseURL: String = Configuration.openAIBaseURL,
            model: String,
            apiKey: SecretValue? = nil,
            temperature: Double? = nil,
            maxOutputTokens: Int? = 4096,
            tokenLimitParameter: OpenAITokenLimitParameter = .automatic,
            organization: String? = nil,
            project: String? = nil,
            extraHeaders: HTTPFields = [:],
            requestTimeout: Duration = .seconds(120)
        ) {
            self.name = name
            self.baseURL = baseURL
            self.model = model
            self.apiKey = apiKey
            self.temperature = temperature
            self.maxOutputTokens = maxOutputTokens
            self.tokenLimitParameter = tokenLimitParameter
            self.organization = organization
            self.project = project
            self.extraHeaders = extraHeaders
            self.requestTimeout = requestTimeout
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
                    "tokenLimitParameter": tokenLimitParameter, "organization": organization as Any,
                    "extraHeaders": extraHeaders.map { $0.name.canonicalName },
                ],
                displayStyle: .struct
            )
        }
    }
}
