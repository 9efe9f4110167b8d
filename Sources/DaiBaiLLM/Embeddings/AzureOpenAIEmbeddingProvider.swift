import DaiBaiCore
import Foundation
import HTTPTypes
import Logging

/// Turns texts into vectors with an embedding model deployed in Azure OpenAI.
///
/// - ``embed(_:)`` sends `POST {endpoint}/openai/deployments/{deployment}/embeddings?api-version={version}`
///   with OpenAI's body (`{input: [texts], encoding_format: "float"}`, plus `dimensions` when
///   configured), ``Configuration/batchSize`` texts at a time, one batch after another, and
///   returns the vectors in the order of the texts (restored from `data[].index`). An empty
///   input returns `[]` without a request.
/// - Every vector must have ``dimensions`` values, and every batch one vector per text;
///   otherwise the call fails with ``LLMError/transport(provider:message:)``.
/// - Authentication: the `api-key` header when a key is configured, otherwise an Entra ID
///   bearer token from the `TokenCredential`; either goes only to the endpoint.
/// - Errors are mapped like ``AzureOpenAIProvider``'s; retries happen in the transport.
public struct AzureOpenAIEmbeddingProvider: EmbeddingProvider, CustomStringConvertible, CustomReflectable {
    /// `"{configured name}:{deployment}"`, for example `"azure:text-embedding-3-small"`.
    public let name: String
    /// The deployment called.
    public let deployment: String
    /// The length of every vector returned.
    public let dimensions: Int
    /// The configuration (its description and mirror never show the key).
    public let configuration: Configuration
    /// The validated endpoint.
    public let endpoint: LLMEndpoint

    private let credential: (any TokenCredential)?
    private let transport: any HTTPTransport
    private let headers: HTTPFields
    private let logger: Logger

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - configuration: Endpoint, deployment, API version, key, dimensions and batch size.
    ///   - credential: Supplies Entra ID tokens when ``Configuration/apiKey`` is `nil`.
    ///   - transport: Sends the requests; by default async-http-client wrapped in the SDK's
    ///     retrying transport.
    ///   - logger: Receives debug lines (no keys, tokens, headers or texts).
    /// - Throws: ``LLMError/misconfigured(provider:message:)`` when the endpoint, deployment or
    ///   API version is not valid, the batch size or dimensions are not positive, or neither a
    ///   key nor a credential is given.
    public init(
        configuration: Configuration,
        credential: (any TokenCredential)? = nil,
        transport: any HTTPTransport = RetryingHTTPTransport(base: AsyncHTTPClientTransport()),
        logger: Logger = Logger(label: "daibai.llm.embeddings.azure", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(LLMError) {
        let endpoint: LLMEndpoint
        do throws(LLMEndpoint.ValidationError) {
            endpoint = try LLMEndpoint(configuration.endpoint)
        } catch {
            throw .misconfigured(provider: configuration.name, message: "the endpoint is not valid: \(error.reason)")
        }
        guard AzureOpenAIProvider.isValidPathValue(configuration.deployment) else {
            throw .misconfigured(provider: configuration.name, message: "'\(configuration.deployment)' is not a deployment name (letters, digits, '.', '-' and '_')")
        }
        guard AzureOpenAIProvider.isValidPathValue(configuration.apiVersion) else {
            throw .misconfigured(provider: configuration.name, message: "'\(configuration.apiVersion)' is not an API version")
        }
        if configuration.apiKey?.isEmpty ?? true, credential == nil {
            throw .misconfigured(provider: configuration.name, message: "neither an API key nor a token credential is configured")
        }
        try EmbeddingBatching.validate(provider: configuration.name, batchSize: configuration.batchSize, dimensions: configuration.dimensions)
        self.name = "\(configuration.name):\(configuration.deployment)"
        self.deployment = configuration.deployment
        self.dimensions = configuration.dimensions
        self.configuration = configuration
        self.endpoint = endpoint
        self.credential = credential
        self.transport = transport
        self.headers = EmbeddingBatching.sanitized(configuration.extraHeaders, removing: [AzureOpenAIProvider.apiKeyField])
        self.logger = logger
    }

    /// One vector per text, in order (`[]` for no texts, without a request).
    public func embed(_ texts: [String]) async throws(LLMError) -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let client = try await makeClient()
        let mapper = OpenAIErrorMapper(provider: configuration.name, model: deployment, endpoint: endpoint, redactor: client.redactor)
        let path = "openai/deployments/\(deployment)/embeddings?api-version=\(configuration.apiVersion)"
        return try await EmbeddingBatching.embed(
            provider: configuration.name, texts: texts, batchSize: configuration.batchSize, dimensions: dimensions
        ) { batch throws(LLMError) in
            let request = OpenAIEmbeddingRequest(model: nil, input: batch, dimensions: configuration.sendsDimensions ? dimensions : nil)
            return try await OpenAIEmbeddingCall.send(request, path: path, client: client, mapper: mapper)
        }
    }

    /// `AzureOpenAIEmbeddingProvider(name at endpoint, …)`; never the key.
    public var description: String {
        "AzureOpenAIEmbeddingProvider(\(name) at \(endpoint), api-version \(configuration.apiVersion), \(dimensions) dimensions, \(configuration.apiKey == nil ? "Entra ID token" : "api key set"))"
    }

    /// A mirror without the key or credential, so `dump` shows no secret.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["name": name, "deployment": deployment, "dimensions": dimensions, "endpoint": endpoint.description, "configuration": configuration],
            displayStyle: .struct
        )
    }

    /// The HTTP client with this call's credential: the key, or a fresh Entra token.
    private func makeClient() async throws(LLMError) -> LLMHTTPClient {
        let authentication: LLMAuthentication
        if let key = configuration.apiKey, !key.isEmpty {
            authentication = .header(AzureOpenAIProvider.apiKeyField, key)
        } else if let credential {
            let scope = AzureOpenAIProvider.Configuration.tokenScope
            do throws(CredentialError) {
                let token = try await credential.token(for: TokenRequest(scopes: [scope]))
                authentication = .bearer(token.token)
            } catch {
                if Task.isCancelled { throw .cancelled }
                throw .authentication(provider: configuration.name, message: "no Entra ID token for \(scope): \(error.description)")
            }
        } else {
            throw .misconfigured(provider: configuration.name, message: "neither an API key nor a token credential is configured")
        }
        return LLMHTTPClient(
            provider: configuration.name,
            endpoint: endpoint,
            authentication: authentication,
            extraHeaders: headers,
            transport: transport,
            timeout: configuration.requestTimeout,
            logger: logger
        )
    }
}

extension AzureOpenAIEmbeddingProvider {
    /// Where and how an ``AzureOpenAIEmbeddingProvider`` calls an Azure OpenAI deployment.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
        /// The texts sent per request when none is given.
        public static let defaultBatchSize = 96
        /// The vector length used when none is given (that of `text-embedding-3-small` and
        /// `text-embedding-ada-002`).
        public static let defaultDimensions = 1536

        /// The provider's name in errors and logs.
        public var name: String
        /// The resource endpoint, for example `https://myres.openai.azure.com`.
        public var endpoint: String
        /// The deployment name of the embedding model.
        public var deployment: String
        /// The `api-version` query value.
        public var apiVersion: String
        /// The key, sent as `api-key`; when `nil` an Entra token is sent as `Authorization: Bearer …`.
        public var apiKey: SecretValue?
        /// The length of the deployed model's vectors.
        public var dimensions: Int
        /// Whether ``dimensions`` is sent as `dimensions` (for `text-embedding-3` models that
        /// shorten their vectors).
        public var sendsDimensions: Bool
        /// The most texts sent in one request.
        public var batchSize: Int
        /// Further header fields for every request; they never replace `api-key`,
        /// `Authorization`, `Content-Type` or `Accept`.
        public var extraHeaders: HTTPFields
        /// The longest wait for a response head of one attempt.
        public var requestTimeout: Duration

        /// Creates a configuration.
        public init(
            name: String = "azure",
            endpoint: String,
            deployment: String,
            apiVersion: String = AzureOpenAIProvider.Configuration.defaultAPIVersion,
            apiKey: SecretValue? = nil,
            dimensions: Int = Configuration.defaultDimensions,
            sendsDimensions: Bool = false,
            batchSize: Int = Configuration.defaultBatchSize,
            extraHeaders: HTTPFields = [:],
            requestTimeout: Duration = .seconds(60)
        ) {
            self.name = name
            self.endpoint = endpoint
            self.deployment = deployment
            self.apiVersion = apiVersion
            self.apiKey = apiKey
            self.dimensions = dimensions
            self.sendsDimensions = sendsDimensions
            self.batchSize = batchSize
            self.extraHeaders = extraHeaders
            self.requestTimeout = requestTimeout
        }

        /// A one-line summary; the key shows only as set or not set.
        public var description: String {
            "\(name) (embedding deployment \(deployment) at \(endpoint), api-version \(apiVersion), api key \(apiKey == nil ? "not set" : "set"))"
        }

        /// A mirror without the key or header values, so `dump` shows no secret.
        public var customMirror: Mirror {
            Mirror(
                self,
                children: [
                    "name": name, "endpoint": endpoint, "deployment": deployment, "apiVersion": apiVersion,
                    "apiKey": apiKey == nil ? "not set" : "set", "dimensions": dimensions,
                    "sendsDimensions": sendsDimensions, "batchSize": batchSize,
                    "extraHeaders": extraHeaders.map { $0.name.canonicalName },
                ],
                displayStyle: .struct
            )
        }
    }
}
