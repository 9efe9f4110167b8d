import DaiBaiCore
import Foundation
import HTTPTypes
import Logging

/// Turns texts into vectors with a local Ollama server's embed API.
///
/// - ``embed(_:)`` sends `POST {base}/api/embed` with `{model, input: [texts]}`,
///   ``Configuration/batchSize`` texts at a time, one batch after another, and reads
///   `embeddings` (one vector per text, in order). An empty input returns `[]` without a request.
/// - Every vector must have ``dimensions`` values, and every batch one vector per text;
///   otherwise the call fails with ``LLMError/transport(provider:message:)``.
/// - Errors are mapped like ``OllamaProvider``'s (404: the model is not pulled); retries
///   happen in the transport.
public struct OllamaEmbeddingProvider: EmbeddingProvider, CustomStringConvertible {
    /// `"{configured name}:{model}"`, for example `"ollama:nomic-embed-text"`.
    public let name: String
    /// The model called.
    public let model: String
    /// The length of every vector returned.
    public let dimensions: Int
    /// The configuration.
    public let configuration: Configuration
    /// The validated base URL.
    public let endpoint: LLMEndpoint

    private let client: LLMHTTPClient
    /// The chat provider for the same server, whose error mapping is reused.
    private let errors: OllamaProvider

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - configuration: Base URL, model, dimensions and batch size.
    ///   - transport: Sends the requests; by default async-http-client wrapped in the SDK's
    ///     retrying transport.
    ///   - logger: Receives debug lines (no texts or bodies); a no-op logger by default.
    /// - Throws: ``LLMError/misconfigured(provider:message:)`` when the base URL is not valid
    ///   or the batch size or dimensions are not positive.
    public init(
        configuration: Configuration = Configuration(),
        transport: any HTTPTransport = RetryingHTTPTransport(base: AsyncHTTPClientTransport()),
        logger: Logger = Logger(label: "daibai.llm.embeddings.ollama", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(LLMError) {
        let endpoint: LLMEndpoint
        do throws(LLMEndpoint.ValidationError) {
            endpoint = try LLMEndpoint(configuration.baseURL)
        } catch {
            throw .misconfigured(provider: configuration.name, message: "the base URL is not valid: \(error.reason)")
        }
        try EmbeddingBatching.validate(provider: configuration.name, batchSize: configuration.batchSize, dimensions: configuration.dimensions)
        let headers = EmbeddingBatching.sanitized(configuration.extraHeaders, removing: [])
        self.name = "\(configuration.name):\(configuration.model)"
        self.model = configuration.model
        self.dimensions = configuration.dimensions
        self.configuration = configuration
        self.endpoint = endpoint
        self.client = LLMHTTPClient(
            provider: configuration.name,
            endpoint: endpoint,
            authentication: .none,
            extraHeaders: headers,
            transport: transport,
            timeout: configuration.requestTimeout,
            logger: logger
        )
        self.errors = try OllamaProvider(
            configuration: .init(name: configuration.name, baseURL: configuration.baseURL, model: configuration.model),
            transport: transport,
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

    /// `OllamaEmbeddingProvider(name at base URL, dimensions …)`.
    public var description: String { "OllamaEmbeddingProvider(\(name) at \(endpoint), \(dimensions) dimensions)" }

    /// One `POST {base}/api/embed` for `batch`.
    private func send(_ batch: [String]) async throws(LLMError) -> [[Float]] {
        let body = try client.encode(OllamaEmbedRequest(model: model, input: batch))
        let response = try await client.send(.post, path: "api/embed", body: body)
        if response.head.status.kind != .successful {
            let errorBody = await LLMHTTPClient.readErrorBody(response)
            if Task.isCancelled { throw .cancelled }
            let error = errors.mapError(status: response.head.status.code, headers: response.head.headerFields, body: errorBody)
            client.logger.debug("Embedding call failed", metadata: ["provider": "\(client.provider)", "status": "\(response.head.status.code)", "error": "\(error)"])
            throw error
        }
        let bytes = try await client.readBody(response)
        let decoded = try client.decode(OllamaEmbedResponse.self, from: bytes, what: "embed response")
        if let message = decoded.error {
            throw .server(provider: configuration.name, status: 200, message: client.redactor.redact(message))
        }
        return decoded.embeddings ?? []
    }
}

extension OllamaEmbeddingProvider {
    /// Where and how an ``OllamaEmbeddingProvider`` calls an Ollama server.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
        /// The model used when none is given.
        public static let defaultModel = "nomic-embed-text"
        /// The vector length of ``defaultModel``.
        public static let defaultDimensions = 768
        /// The texts sent per request when none is given.
        public static let defaultBatchSize = 64

        /// The provider's name in errors and logs.
        public var name: String
        /// The base URL; requests go to `{baseURL}/api/embed`.
        public var baseURL: String
        /// The model to call, for example `nomic-embed-text` or `mxbai-embed-large`.
        public var model: String
        /// The length of the model's vectors (768 for `nomic-embed-text`, 1024 for `mxbai-embed-large`).
        public var dimensions: Int
        /// The most texts sent in one request.
        public var batchSize: Int
        /// Further header fields for every request; they never replace `Content-Type` or `Accept`.
        public var extraHeaders: HTTPFields
        /// The longest wait for a response head of one attempt (a local model may need to load).
        public var requestTimeout: Duration

        /// Creates a configuration (the local server and `nomic-embed-text` by default).
        public init(
            name: String = "ollama",
            baseURL: String = OllamaProvider.Configuration.defaultBaseURL,
            model: String = Configuration.defaultModel,
            dimensions: Int = Configuration.defaultDimensions,
            batchSize: Int = Configuration.defaultBatchSize,
            extraHeaders: HTTPFields = [:],
            requestTimeout: Duration = .seconds(300)
        ) {
            self.name = name
            self.baseURL = baseURL
            self.model = model
            self.dimensions = dimensions
            self.batchSize = batchSize
            self.extraHeaders = extraHeaders
            self.requestTimeout = requestTimeout
        }

        /// A one-line summary; header values never show.
        public var description: String { "\(name) (embedding model \(model) at \(baseURL), \(dimensions) dimensions)" }

        /// A mirror without header values (a proxy header may carry a credential).
        public var customMirror: Mirror {
            Mirror(
                self,
                children: [
                    "name": name, "baseURL": baseURL, "model": model, "dimensions": dimensions, "batchSize": batchSize,
                    "extraHeaders": extraHeaders.map { $0.name.canonicalName },
                ],
                displayStyle: .struct
            )
        }
    }
}

/// The body of `POST {base}/api/embed`.
struct OllamaEmbedRequest: Encodable, Sendable {
    /// The model.
    var model: String
    /// The texts.
    var input: [String]
}

/// The response of `POST {base}/api/embed`.
struct OllamaEmbedResponse: Decodable, Sendable {
    /// One vector per text, in order.
    var embeddings: [[Float]]?
    /// An error reported with a 200.
    var error: String?
}
