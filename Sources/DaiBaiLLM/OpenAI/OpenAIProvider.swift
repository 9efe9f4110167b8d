import DaiBaiCore
import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime

/// A language model behind OpenAI's Chat Completions API, or any OpenAI-compatible service
/// (Groq, DeepSeek, Mistral, NVIDIA, Alibaba DashScope, Meta, vLLM, Ollama's `/v1`, …).
///
/// - ``complete(_:)`` sends `POST {base}/chat/completions`; ``stream(_:)`` sends the same with
///   `stream: true` and `stream_options.include_usage`, decodes the server-sent events as
///   they arrive and ends at `data: [DONE]`.
/// - Retries (429, 5xx, connection failures, honouring `Retry-After`) happen in the transport,
///   before a response body is read; a stream is never retried once it started.
/// - Requests go only to the configured base URL; the API key is attached only after checking
///   that the request's scheme and authority are the base URL's.
/// - Neither descriptions, `dump`, logs nor errors contain the key: provider messages are kept
///   with the key (and anything that looks like a key) removed.
public struct OpenAIProvider: LLMProvider, CustomStringConvertible, CustomReflectable {
    /// The configured name, for example `"openai"` or `"groq"`.
    public let name: String
    /// The model called.
    public let model: String
    /// The configuration (its description and mirror never show the key).
    public let configuration: Configuration
    /// The validated base URL.
    public let endpoint: LLMEndpoint

    private let client: LLMHTTPClient
    private let logger: Logger

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - configuration: Base URL, model, key and defaults.
    ///   - transport: Sends the requests; by default async-http-client wrapped in the SDK's
    ///     retrying transport.
    ///   - logger: Receives debug lines (no keys, headers or prompts); a no-op logger by default.
    /// - Throws: ``LLMError/misconfigured(provider:message:)`` when the base URL is not valid.
    public init(
        configuration: Configuration,
        transport: any HTTPTransport = RetryingHTTPTransport(base: AsyncHTTPClientTransport()),
        logger: Logger = Logger(label: "daibai.llm.openai", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(LLMError) {
        let endpoint: LLMEndpoint
        do throws(LLMEndpoint.ValidationError) {
            endpoint = try LLMEndpoint(configuration.baseURL)
        } catch {
            throw .misconfigured(provider: configuration.name, message: "the base URL is not valid: \(error.reason)")
        }
        var headers = configuration.extraHeaders
        for name in [HTTPField.Name.authorization, .contentType, .accept] { headers[name] = nil }
        if let organization = configuration.organization, let field = HTTPField.Name("OpenAI-Organization") {
            headers[field] = organization
        }
        if let project = configuration.project, let field = HTTPField.Name("OpenAI-Project") {
            headers[field] = project
        }
        self.name = configuration.name
        self.model = configuration.model
        self.configuration = configuration
        self.endpoint = endpoint
        self.logger = logger
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

    /// Generates a complete answer with one `POST {base}/chat/completions`.
    public func complete(_ request: LLMRequest) async throws(LLMError) -> LLMResponse {
        let body = try client.encode(wireRequest(for: request, streaming: false))
        let response = try await client.send(.post, path: "chat/completions", body: body)
        try await failUnlessSuccessful(response)
        let bytes = try await client.readBody(response)
        let decoded = try client.decode(OpenAIChatResponse.self, from: bytes, what: "chat completion response")
        guard let choice = decoded.choices.first else {
            throw .transport(provider: name, message: "the chat completion response has no choices")
        }
        let text = choice.message?.content ?? choice.message?.refusal ?? ""
        let usage = decoded.usage?.tokenUsage
        logger.debug(
            "LLM completion",
            metadata: ["provider": "\(name)", "model": "\(model)", "inputTokens": "\(usage?.inputTokens ?? -1)", "outputTokens": "\(usage?.outputTokens ?? -1)"]
        )
        return LLMResponse(
            text: text,
            usage: usage,
            finishReason: FinishReason(openAI: choice.finishReason) ?? .other("unspecified"),
            model: decoded.model ?? model
        )
    }

    /// Streams an answer: `.textDelta` per received chunk, then `.usage` and `.finished`.
    ///
    /// The stream fails with an ``LLMError``; cancelling the consuming task (or dropping the
    /// stream) cancels the HTTP request at once.
    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        LLMEventStream.make { continuation throws(LLMError) in
            let body = try client.encode(wireRequest(for: request, streaming: true))
            let response = try await client.send(.post, path: "chat/completions", body: body, accept: "text/event-stream")
            try await failUnlessSuccessful(response)
            try await relay(response.body, to: continuation)
        }
    }

    /// The model names the service offers (`GET {base}/models`), sorted.
    public func listModels() async throws(LLMError) -> [String] {
        let response = try await client.send(.get, path: "models")
        try await failUnlessSuccessful(response)
        let bytes = try await client.readBody(response)
        return try client.decode(OpenAIModelList.self, from: bytes, what: "model list").data.map(\.id).sorted()
    }

    /// `name (model … at base URL)`; never the key.
    public var description: String {
        "OpenAIProvider(\(name), model \(model) at \(endpoint), api key \(configuration.apiKey == nil ? "not set" : "set"))"
    }

    /// A mirror without the key, so `dump` shows no secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "model": model, "endpoint": endpoint.description, "configuration": configuration], displayStyle: .struct)
    }

    // MARK: - Internals

    /// The JSON body for `request`.
    func wireRequest(for request: LLMRequest, streaming: Bool) -> OpenAIChatRequest {
        let reasoning = OpenAITokenLimitParameter.isReasoningModel(model)
        let limit = request.maxOutputTokens ?? configuration.maxOutputTokens
        let field = configuration.tokenLimitParameter.resolved(forModel: model)
        return OpenAIChatRequest(
            model: model,
            messages: request.messages.map { OpenAIChatRequest.Message(role: $0.role.rawValue, content: $0.content) },
            temperature: reasoning ? nil : (configuration.temperature ?? request.temperature),
            maxTokens: field == .maxTokens ? limit : nil,
            maxCompletionTokens: field == .maxCompletionTokens ? limit : nil,
            stop: request.stopSequences.isEmpty ? nil : request.stopSequences,
            stream: streaming ? true : nil,
            streamOptions: streaming ? .init(includeUsage: true) : nil
        )
    }

    private var errorMapper: OpenAIErrorMapper {
        OpenAIErrorMapper(provider: name, model: model, endpoint: endpoint, redactor: client.redactor)
    }

    /// Throws the mapped error when `response` is not a 2xx.
    private func failUnlessSuccessful(_ response: HTTPTransportResponse) async throws(LLMError) {
        guard response.head.status.kind != .successful else { return }
        let body = await LLMHTTPClient.readErrorBody(response)
        if Task.isCancelled { throw .cancelled }
        let error = errorMapper.map(status: response.head.status.code, headers: response.head.headerFields, body: body)
        logger.debug("LLM call failed", metadata: ["provider": "\(name)", "status": "\(response.head.status.code)", "error": "\(error)"])
        throw error
    }

    /// Decodes the event stream and yields events as chunks arrive.
    private func relay(_ body: HTTPBody, to continuation: LLMEventStream.Continuation) async throws(LLMError) {
        var state = OpenAIStreamState()
        var sawDone = false
        do {
            for try await event in body.asDecodedServerSentEvents() {
                guard let data = event.data?.trimmingCharacters(in: .whitespaces), !data.isEmpty else { continue }
                if data == "[DONE]" {
                    sawDone = true
                    break
                }
                let chunk = try client.decode(OpenAIChatChunk.self, from: Array(data.utf8), what: "stream chunk")
                if let detail = chunk.error { throw errorMapper.map(streamed: detail) }
                for delta in state.consume(chunk) { continuation.yield(delta) }
            }
        } catch {
            throw client.map(streamError: error)
        }
        if Task.isCancelled { throw .cancelled }
        guard sawDone || state.finishReason != nil else {
            throw .transport(provider: name, message: "the stream ended before the model finished (no finish reason and no [DONE])")
        }
        for event in state.closingEvents() { continuation.yield(event) }
    }
}
