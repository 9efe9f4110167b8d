import DaiBaiCore
import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime

/// An ``LLMProvider`` for Anthropic's Messages API (`POST /v1/messages`), over HTTP.
///
/// System messages are joined into the top-level `system` parameter, consecutive turns of the
/// same role are merged (Anthropic requires user and assistant turns to alternate), and
/// streaming uses Anthropic's server-sent events. The API key travels in the `x-api-key`
/// header, and only to the configured base URL.
public struct AnthropicProvider: LLMProvider, CustomStringConvertible, CustomReflectable {
    /// The value sent in the `anthropic-version` header.
    public static let apiVersion = "2023-06-01"

    /// The configured provider name (the key under `llm.providers`).
    public let name: String
    /// The model requests are sent to.
    public let model: String
    /// The configuration this provider was built from.
    public let configuration: Configuration
    /// The validated base URL; the key is only ever sent here.
    public let endpoint: LLMEndpoint

    private let client: LLMHTTPClient
    private let logger: Logger

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - configuration: The base URL, model, key and defaults.
    ///   - transport: The HTTP transport; the default retries 429, 5xx and 529.
    ///   - logger: Where request summaries go (never keys or bodies).
    /// - Throws: ``LLMError/misconfigured(provider:message:)`` when the base URL is not valid.
    public init(
        configuration: Configuration,
        transport: any HTTPTransport = RetryingHTTPTransport(base: AsyncHTTPClientTransport()),
        logger: Logger = Logger(label: "daibai.llm.anthropic", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(LLMError) {
        let endpoint: LLMEndpoint
        do throws(LLMEndpoint.ValidationError) {
            endpoint = try LLMEndpoint(configuration.baseURL)
        } catch {
            throw .misconfigured(provider: configuration.name, message: "the base URL is not valid: \(error.reason)")
        }
        var headers = configuration.extraHeaders
        for name in [HTTPField.Name.authorization, .contentType, .accept] { headers[name] = nil }
        if let apiKeyHeader = HTTPField.Name("x-api-key") { headers[apiKeyHeader] = nil }
        if let versionHeader = HTTPField.Name("anthropic-version") { headers[versionHeader] = Self.apiVersion }
        let authentication: LLMAuthentication
        if let key = configuration.apiKey, !key.isEmpty, let header = HTTPField.Name("x-api-key") {
            authentication = .header(header, key)
        } else {
            authentication = .none
        }
        self.name = configuration.name
        self.model = configuration.model
        self.configuration = configuration
        self.endpoint = endpoint
        self.logger = logger
        self.client = LLMHTTPClient(
            provider: configuration.name,
            endpoint: endpoint,
            authentication: authentication,
            extraHeaders: headers,
            transport: transport,
            timeout: configuration.requestTimeout,
            logger: logger
        )
    }

    /// Sends `request` and returns the whole answer.
    public func complete(_ request: LLMRequest) async throws(LLMError) -> LLMResponse {
        let body = try client.encode(wireRequest(for: request, streaming: false))
        let response = try await client.send(.post, path: "v1/messages", body: body)
        try await failUnlessSuccessful(response)
        let bytes = try await client.readBody(response)
        let decoded = try client.decode(AnthropicMessageResponse.self, from: bytes, what: "message response")
        let text = (decoded.content ?? []).compactMap { $0.type == "text" ? $0.text : nil }.joined()
        let usage = decoded.usage.map { TokenUsage(inputTokens: $0.inputTokens ?? 0, outputTokens: $0.outputTokens ?? 0) }
        logger.debug(
            "LLM completion",
            metadata: ["provider": "\(name)", "model": "\(model)", "inputTokens": "\(usage?.inputTokens ?? -1)", "outputTokens": "\(usage?.outputTokens ?? -1)"]
        )
        return LLMResponse(
            text: text,
            usage: usage,
            finishReason: FinishReason(anthropic: decoded.stopReason) ?? .other("unspecified"),
            model: decoded.model ?? model
        )
    }

    /// Streams the answer to `request`: text deltas, then usage, then the finish reason.
    ///
    /// Cancelling the consumer cancels the HTTP request. The stream fails with an ``LLMError``.
    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        LLMEventStream.make { continuation throws(LLMError) in
            let body = try client.encode(wireRequest(for: request, streaming: true))
            let response = try await client.send(.post, path: "v1/messages", body: body, accept: "text/event-stream")
            try await failUnlessSuccessful(response)
            try await relay(response.body, to: continuation)
        }
    }

    /// The model identifiers `GET /v1/models` lists, sorted.
    public func listModels() async throws(LLMError) -> [String] {
        let response = try await client.send(.get, path: "v1/models")
        try await failUnlessSuccessful(response)
        let bytes = try await client.readBody(response)
        return try client.decode(AnthropicModelList.self, from: bytes, what: "model list").data.map(\.id).sorted()
    }

    /// A summary that says whether a key is set, never the key.
    public var description: String {
        "AnthropicProvider(\(name), model \(model) at \(endpoint), api key \(configuration.apiKey == nil ? "not set" : "set"))"
    }

    /// A mirror without the key.
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "model": model, "endpoint": endpoint.description, "configuration": configuration], displayStyle: .struct)
    }

    // MARK: - Internals

    func wireRequest(for request: LLMRequest, streaming: Bool) -> AnthropicMessagesRequest {
        let system = request.messages.filter { $0.role == .system }.map(\.content).filter { !$0.isEmpty }
        var turns: [AnthropicMessagesRequest.Message] = []
        for message in request.messages where message.role != .system {
            let role = message.role == .assistant ? "assistant" : "user"
            if let last = turns.last, last.role == role {
                turns[turns.count - 1].content = last.content + "\n\n" + message.content
            } else {
                turns.append(.init(role: role, content: message.content))
            }
        }
        return AnthropicMessagesRequest(
            model: model,
            maxTokens: request.maxOutputTokens ?? configuration.maxOutputTokens ?? Configuration.defaultMaxOutputTokens,
            system: system.isEmpty ? nil : system.joined(separator: "\n\n"),
            messages: turns,
            temperature: configuration.temperature ?? request.temperature,
            stopSequences: request.stopSequences.isEmpty ? nil : request.stopSequences,
            stream: streaming ? true : nil
        )
    }

    private var errorMapper: AnthropicErrorMapper {
        AnthropicErrorMapper(provider: name, model: model, endpoint: endpoint, redactor: client.redactor)
    }

    private func failUnlessSuccessful(_ response: HTTPTransportResponse) async throws(LLMError) {
        guard response.head.status.kind != .successful else { return }
        let body = await LLMHTTPClient.readErrorBody(response)
        if Task.isCancelled { throw .cancelled }
        let error = errorMapper.map(status: response.head.status.code, headers: response.head.headerFields, body: body)
        logger.debug("LLM call failed", metadata: ["provider": "\(name)", "status": "\(response.head.status.code)", "error": "\(error)"])
        throw error
    }

    private func relay(_ body: HTTPBody, to continuation: LLMEventStream.Continuation) async throws(LLMError) {
        var state = AnthropicStreamState()
        do {
            for try await event in body.asDecodedServerSentEvents() {
                guard let data = event.data?.trimmingCharacters(in: .whitespacesAndNewlines), !data.isEmpty else { continue }
                let decoded = try client.decode(AnthropicStreamEvent.self, from: Array(data.utf8), what: "stream event")
                if decoded.type == "error" || event.event == "error" {
                    throw errorMapper.map(streamed: decoded.error ?? .init(type: nil, message: data))
                }
                for delta in state.consume(decoded) { continuation.yield(delta) }
                if state.sawMessageStop { break }
            }
        } catch {
            throw client.map(streamError: error)
        }
        if Task.isCancelled { throw .cancelled }
        guard state.sawMessageStop || state.finishReason != nil else {
            throw .transport(provider: name, message: "the stream ended before the model finished (no stop reason and no message_stop)")
        }
        for event in state.closingEvents() { continuation.yield(event) }
    }
}
