import DaiBaiCore
import Foundation
import HTTPTypes
import Logging

/// Turns texts into vectors with OpenAI's embeddings API, or any OpenAI-compatible service.
///
/// - ``embed(_:)`` sends `POST {base}/embeddings` with `{model, input: [texts], encoding_format: "float"}`
///   (plus `dimensions` when configured), ``Configuration/batchSize`` texts at a time, one
///   batch after another, and returns the vectors in the order of the texts (restored from
///   `data[].index`). An empty input returns `[]` without a request.
/// - Every vector must have ``dimensions`` values, and every batch one vector per text;
///   otherwise the call fails with ``LLMError/transport(provider:message:)``.
/// - Errors are mapped like ``OpenAIProvider``'s; retries (429, 5xx, connection failures,
///   honouring `Retry-After`) happen in the transport.
/// - The key is sent only to the configured base URL and never appears in descriptions,
///   `dump`, logs or errors.
public struct OpenAIEmbeddingProvider: EmbeddingProvider, CustomStringConvertible, CustomReflectable {
    /// `"{configured name}:{model}"`, for example `"openai:text-embedding-3-small"`.
    public let name: String
    /// The model called.
    public let model: String
    /// The length of every vector returned.
    public let dimensions: Int
    /// The configuration (its description and mirror never show the key).
    public let configuration: Configuration
    /// The validated base URL.
    public let endpoint: LLMEndpoint

    private let client: LLMHTTPClient

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - configuration: Base URL, model, key, dimensions and batch size.
    ///   - transport: Sends the requests; by default async-http-client wrapped in the SDK's
    ///     retrying transport.
    ///   - logger: Receives debug lines (no keys, headers or texts); a no-op logger by default.
    /// - Throws: ``LLMError/misconfigured(provider:message:)`` when the base URL is not valid,
    ///   the batch size is not positive, or the dimensions are neither configured nor known
    ///   for the model.
    public init(
        configuration: Configuration = Configuration(),
        transport: any HTTPTransport = RetryingHTTPTransport(base: AsyncHTTPClientTransport()),
        logger: Logger = Logger(label: "daibai.llm.embeddings.openai", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(LLMError) {
        let endpoint: LLMEndpoint
        do throws(LLMEndpoint.ValidationError) {
            endpoint = try LLMEndpoint(configuration.baseURL)
        } catch {
            throw .misconfigured(provider: configuration.name, message: "the base URL is not valid: \(error.reason)")
        }
        guard let dimensions = configuration.dimensions ?? Configuration.knownDimensions[configuration.model] else {
            throw .misconfigured(
                provider: configuration.name,
                message: "the dimensions of the embedding model '\(configuration.model)' are not known; configure them"
            )
        }
        try EmbeddingBatching.validate(provider: configuration.name, batchSize: configuration.batchSize, dimensions: dimensions)
        var headers = EmbeddingBatching.sanitized(configuration.extraHeaders, removing: [])
        if let organization = configuration.organization, let field = HTTPField.Name("OpenAI-Organization") {
            headers[field] = organization
        }
        self.name = "\(configuration.name):\(configuration.model)"
        self.model = configuration.model
        self.dimensions = dimensions
        self.configuration = configuration
        self.endpoint = endpoint
        self.client = LLMHTTPClient(
            provider: configuration.name,
            endpoint: endpoint,
            authentication: configuration.apiKey.map { .bearer($0) } ?? .none,
            extraHeaders: headers,
            transport: transport,
            timeout: configuration.requestTimeout,
            logger: logger
        )
    }

    /// One vector per text, in order (`[]` for no texts, without a request).
    public func embed(_ texts: [String]) async throws(LLMError) -> [[Float]] {
        let mapper = OpenAIErrorMapper(provider: configuration.name, model: model, endpoint: endpoint, redactor: client.redactor)
        return try await EmbeddingBatching.embed(
            provider: configuration.name, texts: texts, batchSize: configuration.batchSize, dimensions: dimensions
        ) { batch throws(LLMError) in
            let request = OpenAIEmbeddingRequest(model: model, input: batch, dimensions: configuration.dimensions)
            return try await OpenAIEmbeddingCall.send(request, path: "embeddings", client: client, mapper: mapper)
        }
    }

    /// `OpenAIEmbeddingProvider(name at base URL, dimensions …)`; never the key.
    public var description: String {
        "OpenAIEmbeddingProvider(\(name) at \(endpoint), \(dimensions) dimensions, api key \(configuration.apiKey == nil ? "not set" : "set"))"
    }

    /// A mirror without the key, so `dump` shows no secret.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["name": name, "model": model, "dimensions": dimensions, "endpoint": endpoint.description, "configuration": configuration],
            displayStyle: .struct
        )
    }
}

extension OpenAIEmbeddingProvider {
    /// Where and how an ``OpenAIEmbeddingProvider`` calls an embeddings API.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
        /// The model used when none is given.
        public static let defaultModel = "text-embedding-3-small"
        /// The texts sent per request when none is given.
        public static let defaultBatchSize = 96
        /// The vector lengths of OpenAI's embedding models, used when ``dimensions`` is `nil`.
        public static let knownDimensions: [String: Int] = [
            "text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536,
        ]

        /// The provider's name in errors and logs.
        public var name: String
        /// The base URL; requests go to `{baseURL}/embeddings`.
        public var baseURL: String
        /// The model to call.
        public var model: String
        /// The API key, sent as `Authorization: Bearer …`; `nil` for servers without one.
        public var apiKey: SecretValue?
        /// When set, sent as `dimensions` (models that can shorten their vectors) and expected
        /// of every vector; when `nil`, the model's known length is expected and nothing is sent.
        public var dimensions: Int?
        /// The most texts sent in one request.
        public var batchSize: Int
        /// Sent as `OpenAI-Organization` when set.
        public var organization: String?
        /// Further header fields for every request; they never replace `Authorization`,
        /// `Content-Type` or `Accept`.
        public var extraHeaders: HTTPFields
        /// The longest wait for a response head of one attempt.
        public var requestTimeout: Duration

        /// Creates a configuration (OpenAI's base URL and `text-embedding-3-small` by default).
        public init(
            name: String = "openai",
            baseURL: String = OpenAIProvider.Configuration.openAIBaseURL,
            model: String = Configuration.defaultModel,
            apiKey: SecretValue? = nil,
            dimensions: Int? = nil,
            batchSize: Int = Configuration.defaultBatchSize,
            organization: String? = nil,
            extraHeaders: HTTPFields = [:],
            requestTimeout: Duration = .seconds(60)
        ) {
            self.name = name
            self.baseURL = baseURL
            self.model = model
            self.apiKey = apiKey
            self.dimensions = dimensions
            self.batchSize = batchSize
            self.organization = organization
            self.extraHeaders = extraHeaders
            self.requestTimeout = requestTimeout
        }

        /// A one-line summary; the key shows only as set or not set.
        public var description: String {
            "\(name) (embedding model \(model) at \(baseURL), api key \(apiKey == nil ? "not set" : "set"))"
        }

        /// A mirror without the key or header values, so `dump` shows no secret.
        public var customMirror: Mirror {
            Mirror(
                self,
                children: [
                    "name": name, "baseURL": baseURL, "model": model, "apiKey": apiKey == nil ? "not set" : "set",
                    "dimensions": dimensions as Any, "batchSize": batchSize, "organization": organization as Any,
                    "extraHeaders": extraHeaders.map { $0.name.canonicalName },
                ],
                displayStyle: .struct
            )
        }
    }
}

/// One OpenAI-shaped embeddings request (OpenAI and Azure OpenAI).
enum OpenAIEmbeddingCall {
    /// Sends `request` to `path`, maps a failure with `mapper`, and returns the vectors in
    /// the order of `request.input`.
    static func send(
        _ request: OpenAIEmbeddingRequest,
        path: String,
        client: LLMHTTPClient,
        mapper: OpenAIErrorMapper
    ) async throws(LLMError) -> [[Float]] {
        let body = try client.encode(request)
        let response = try await client.send(.post, path: path, body: body)
        if response.head.status.kind != .successful {
            let errorBody = await LLMHTTPClient.readErrorBody(response)
            if Task.isCancelled { throw .cancelled }
            let error = mapper.map(status: response.head.status.code, headers: response.head.headerFields, body: errorBody)
            client.logger.debug("Embedding call failed", metadata: ["provider": "\(client.provider)", "status": "\(response.head.status.code)", "error": "\(error)"])
            throw error
        }
        let bytes = try await client.readBody(response)
        let decoded = try client.decode(OpenAIEmbeddingResponse.self, from: bytes, what: "embeddings response")
        guard let vectors = decoded.orderedVectors(count: request.input.count) else {
            throw .transport(
                provider: client.provider,
                message: "the embeddings response has \(decoded.data.count) embeddings for \(request.input.count) texts, or its indices are not 0..<\(request.input.count)"
            )
        }
        return vectors
    }
}
