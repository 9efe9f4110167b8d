import DaiBaiCore
import Foundation
import HTTPTypes
import Logging

/// Turns texts into vectors with the Gemini API's `batchEmbedContents`.
///
/// - ``embed(_:)`` sends `POST {base}/v1beta/models/{model}:batchEmbedContents` with
///   `{requests: [{model: "models/{model}", content: {parts: [{text}]}}]}` (plus
///   `outputDimensionality` when configured), ``Configuration/batchSize`` texts at a time,
///   one batch after another, and reads `embeddings[].values` (in the order of the requests).
///   An empty input returns `[]` without a request.
/// - Every vector must have ``dimensions`` values, and every batch one vector per text;
///   otherwise the call fails with ``LLMError/transport(provider:message:)``.
/// - Errors are mapped like ``GeminiProvider``'s; retries happen in the transport.
/// - The key travels only in the `x-goog-api-key` header, never in the URL, and only to the
///   configured base URL. Neither descriptions, `dump`, logs nor errors contain it.
public struct GeminiEmbeddingProvider: EmbeddingProvider, CustomStringConvertible, CustomReflectable {
    /// `"{configured name}:{model}"`, for example `"gemini:text-embedding-004"`.
    public let name: String
    /// The model called, without a `models/` prefix.
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
    /// - Throws: ``LLMError/misconfigured(provider:message:)`` when the base URL or model name
    ///   is not valid, or the batch size or dimensions are not positive.
    public init(
        configuration: Configuration,
        transport: any HTTPTransport = RetryingHTTPTransport(base: AsyncHTTPClientTransport()),
        logger: Logger = Logger(label: "daibai.llm.embeddings.gemini", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(LLMError) {
        let endpoint: LLMEndpoint
        do throws(LLMEndpoint.ValidationError) {
            endpoint = try LLMEndpoint(configuration.baseURL)
        } catch {
            throw .misconfigured(provider: configuration.name, message: "the base URL is not valid: \(error.reason)")
        }
        guard GeminiProvider.isValidModelName(configuration.model) else {
            throw .misconfigured(provider: configuration.name, message: "'\(configuration.model)' is not a Gemini model name")
        }
        try EmbeddingBatching.validate(provider: configuration.name, batchSize: configuration.batchSize, dimensions: configuration.dimensions)
        let model = GeminiProvider.modelID(configuration.model)
        self.name = "\(configuration.name):\(model)"
        self.model = model
        self.dimensions = configuration.dimensions
        self.configuration = configuration
        self.endpoint = endpoint
        self.client = LLMHTTPClient(
            provider: configuration.name,
            endpoint: endpoint,
            authentication: configuration.apiKey.map { .header(GeminiProvider.apiKeyHeader, $0) } ?? .none,
            extraHeaders: EmbeddingBatching.sanitized(configuration.extraHeaders, removing: [GeminiProvider.apiKeyHeader]),
            transport: transport,
            timeout: configuration.requestTimeout,
            logger: logger
        )
    }

    /// One vector per text, in order (`[]` for no texts, without a request).
    public func embed(_ texts: [String]) async throws(LLMError) -> [[Float]] {
        try await EmbeddingBatching.embed(
            provider: configuration.name, texts: texts, batchSize: configuration.batchSize, dimensions: dimensions
        ) { batch throws(LLMError) in
            try await send(batch)
        }
    }

    /// `GeminiEmbeddingProvider(name at base URL, dimensions …)`; never the key.
    public var description: String {
        "GeminiEmbeddingProvider(\(name) at \(endpoint), \(dimensions) dimensions, api key \(configuration.apiKey == nil ? "not set" : "set"))"
    }

    /// A mirror without the key, so `dump` shows no secret.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["name": name, "model": model, "dimensions": dimensions, "endpoint": endpoint.description, "configuration": configuration],
            displayStyle: .struct
        )
    }

    /// One `POST …:batchEmbedContents` for `batch`.
    private func send(_ batch: [String]) async throws(LLMError) -> [[Float]] {
        let request = GeminiBatchEmbedRequest(requests: batch.map { text in
            GeminiBatchEmbedRequest.Item(
                model: "models/\(model)",
                content: .init(parts: [.init(text: text)]),
                taskType: configuration.taskType,
                outputDimensionality: configuration.sendsOutputDimensionality ? dimensions : nil
            )
        })
        let body = try client.encode(request)
        let response = try await client.send(.post, path: "v1beta/models/\(model):batchEmbedContents", body: body)
        let mapper = GeminiErrorMapper(provider: configuration.name, model: model, endpoint: endpoint, redactor: client.redactor)
        if response.head.status.kind != .successful {
            let errorBody = await LLMHTTPClient.readErrorBody(response)
            if Task.isCancelled { throw .cancelled }
            let error = mapper.map(status: response.head.status.code, headers: response.head.headerFields, body: errorBody)
            client.logger.debug("Embedding call failed", metadata: ["provider": "\(client.provider)", "status": "\(response.head.status.code)", "error": "\(error)"])
            throw error
        }
        let bytes = try await client.readBody(response)
        let decoded = try client.decode(GeminiBatchEmbedResponse.self, from: bytes, what: "batchEmbedContents response")
        return (decoded.embeddings ?? []).map { $0.values ?? [] }
    }
}

extension GeminiEmbeddingProvider {
    /// Where and how a ``GeminiEmbeddingProvider`` calls the Gemini API.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
        /// The model used when none is given.
        public static let defaultModel = "text-embedding-004"
        /// The vector length of ``defaultModel``.
        public static let defaultDimensions = 768
        /// The texts sent per request when none is given (the API accepts at most 100).
        public static let defaultBatchSize = 100

        /// The provider's name in errors and logs.
        public var name: String
        /// The base URL; requests go to `{baseURL}/v1beta/models/{model}:batchEmbedContents`.
        public var baseURL: String
        /// The model to call (a leading `models/` is accepted).
        public var model: String
        /// The API key, sent as `x-goog-api-key`.
        public var apiKey: SecretValue?
        /// The length of the model's vectors.
        public var dimensions: Int
        /// Whether ``dimensions`` is sent as `outputDimensionality` (for models that can
        /// shorten their vectors).
        public var sendsOutputDimensionality: Bool
        /// The `taskType` sent with every text (for example `RETRIEVAL_DOCUMENT`), if any.
        public var taskType: String?
        /// The most texts sent in one request.
        public var batchSize: Int
        /// Further header fields for every request; they never replace `x-goog-api-key`,
        /// `Authorization`, `Content-Type` or `Accept`.
        public var extraHeaders: HTTPFields
        /// The longest wait for a response head of one attempt.
        public var requestTimeout: Duration

        /// Creates a configuration (Google's base URL and `text-embedding-004` by default).
        public init(
            name: String = "gemini",
            baseURL: String = GeminiProvider.Configuration.defaultBaseURL,
            model: String = Configuration.defaultModel,
            apiKey: SecretValue?,
            dimensions: Int = Configuration.defaultDimensions,
            sendsOutputDimensionality: Bool = false,
            taskType: String? = nil,
            batchSize: Int = Configuration.defaultBatchSize,
            extraHeaders: HTTPFields = [:],
            requestTimeout: Duration = .seconds(60)
        ) {
            self.name = name
            self.baseURL = baseURL
            self.model = model
            self.apiKey = apiKey
            self.dimensions = dimensions
            self.sendsOutputDimensionality = sendsOutputDimensionality
            self.taskType = taskType
            self.batchSize = batchSize
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
                    "dimensions": dimensions, "sendsOutputDimensionality": sendsOutputDimensionality,
                    "taskType": taskType as Any, "batchSize": batchSize,
                    "extraHeaders": extraHeaders.map { $0.name.canonicalName },
                ],
                displayStyle: .struct
            )
        }
    }
}

/// The body of `POST …:batchEmbedContents`.
struct GeminiBatchEmbedRequest: Encodable, Sendable {
    /// One `EmbedContentRequest`.
    struct Item: Encodable, Sendable {
        /// The content's parts.
        struct Content: Encodable, Sendable {
            /// A text part.
            struct Part: Encodable, Sendable {
                /// The text.
                var text: String
            }

            /// The parts (one text).
            var parts: [Part]
        }

        /// `models/{model}`.
        var model: String
        /// The text.
        var content: Content
        /// The task type, if configured.
        var taskType: String?
        /// The requested vector length, if configured.
        var outputDimensionality: Int?
    }

    /// The texts.
    var requests: [Item]
}

/// The response of `POST …:batchEmbedContents`.
struct GeminiBatchEmbedResponse: Decodable, Sendable {
    /// One embedding.
    struct Embedding: Decodable, Sendable {
        /// The vector.
        var values: [Float]?
    }

    /// One embedding per request, in order.
    var embeddings: [Embedding]?
}
