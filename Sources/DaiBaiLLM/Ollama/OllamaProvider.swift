import DaiBaiCore
import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime

/// A local language model served by Ollama's native chat API.
///
/// - ``complete(_:)`` sends `POST {base}/api/chat` with `stream: false`; ``stream(_:)`` sends
///   `stream: true` and decodes the newline-delimited JSON lines as they arrive (across chunk
///   boundaries), ending at the line with `done: true`, which carries the token counts.
/// - Model options: `temperature` (the request's, 0 by default, unless configured),
///   `num_predict` (the output limit) and `stop`.
/// - Errors (`{"error": "…"}`): 404 (model not pulled) is ``LLMError/misconfigured(provider:message:)``
///   naming the model and suggesting `ollama pull`; 429 is rate limited; 5xx a server error.
/// - Retries happen in the transport, before a body is read; a stream is never retried.
public struct OllamaProvider: LLMProvider, CustomStringConvertible {
    /// The configured name, for example `"ollama"`.
    public let name: String
    /// The model called.
    public let model: String
    /// The configuration.
    public let configuration: Configuration
    /// The validated base URL.
    public let endpoint: LLMEndpoint

    private let client: LLMHTTPClient
    private let logger: Logger

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - configuration: Base URL, model and defaults.
    ///   - transport: Sends the requests; by default async-http-client wrapped in the SDK's
    ///     retrying transport.
    ///   - logger: Receives debug lines (no prompts or bodies); a no-op logger by default.
    /// - Throws: ``LLMError/misconfigured(provider:message:)`` when the base URL is not valid.
    public init(
        configuration: Configuration = Configuration(),
        transport: any HTTPTransport = RetryingHTTPTransport(base: AsyncHTTPClientTransport()),
        logger: Logger = Logger(label: "daibai.llm.ollama", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(LLMError) {
        let endpoint: LLMEndpoint
        do throws(LLMEndpoint.ValidationError) {
            endpoint = try LLMEndpoint(configuration.baseURL)
        } catch {
            throw .misconfigured(provider: configuration.name, message: "the base URL is not valid: \(error.reason)")
        }
        var headers = configuration.extraHeaders
        for name in [HTTPField.Name.contentType, .accept] { headers[name] = nil }
        self.name = configuration.name
        self.model = configuration.model
        self.configuration = configuration
        self.endpoint = endpoint
        self.logger = logger
        self.client = LLMHTTPClient(
            provider: configuration.name,
            endpoint: endpoint,
            authentication: .none,
            extraHeaders: headers,
            transport: transport,
            timeout: configuration.requestTimeout,
            logger: logger
        )
    }

    /// Generates a complete answer with one `POST {base}/api/chat` (`stream: false`).
    public func complete(_ request: LLMRequest) async throws(LLMError) -> LLMResponse {
        let body = try client.encode(wireRequest(for: request, streaming: false))
        let response = try await client.send(.post, path: "api/chat", body: body)
        try await failUnlessSuccessful(response)
        let bytes = try await client.readBody(response)
        let decoded = try client.decode(OllamaChatResponse.self, from: bytes, what: "chat response")
        if let message = decoded.error { throw streamedError(message) }
        let usage = decoded.usage
        logger.debug(
            "LLM completion",
            metadata: ["provider": "\(name)", "model": "\(model)", "inputTokens": "\(usage?.inputTokens ?? -1)", "outputTokens": "\(usage?.outputTokens ?? -1)"]
        )
        return LLMResponse(
            text: decoded.message?.content ?? "",
            usage: usage,
            finishReason: decoded.finishReason,
            model: decoded.model ?? model
        )
    }

    /// Streams an answer: `.textDelta` per line with text, then `.usage` and `.finished` from
    /// the final `done: true` line.
    ///
    /// The stream fails with an ``LLMError``; cancelling the consuming task (or dropping the
    /// stream) cancels the HTTP request at once.
    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        LLMEventStream.make { continuation throws(LLMError) in
            let body = try client.encode(wireRequest(for: request, streaming: true))
            let response = try await client.send(.post, path: "api/chat", body: body, accept: "application/x-ndjson")
            try await failUnlessSuccessful(response)
            try await relay(response.body, to: continuation)
        }
    }

    /// The names of the models the server has pulled (`GET {base}/api/tags`), sorted.
    public func listModels() async throws(LLMError) -> [String] {
        let response = try await client.send(.get, path: "api/tags")
        try await failUnlessSuccessful(response)
        let bytes = try await client.readBody(response)
        return try client.decode(OllamaModelList.self, from: bytes, what: "model list").models.map(\.name).sorted()
    }

    /// `OllamaProvider(name, model … at base URL)`.
    public var description: String { "OllamaProvider(\(name), model \(model) at \(endpoint))" }

    // MARK: - Internals

    /// The JSON body for `request`.
    func wireRequest(for request: LLMRequest, streaming: Bool) -> OllamaChatRequest {
        OllamaChatRequest(
            model: model,
            messages: request.messages.map { OllamaChatRequest.Message(role: $0.role.rawValue, content: $0.content) },
            stream: streaming,
            options: OllamaChatRequest.Options(
                temperature: configuration.temperature ?? request.temperature,
                numPredict: request.maxOutputTokens ?? configuration.maxOutputTokens,
                stop: request.stopSequences.isEmpty ? nil : request.stopSequences
            )
        )
    }

    /// The error for a response with `status` and `body`.
    func mapError(status: Int, headers: HTTPFields, body: [UInt8]) -> LLMError {
        let parsed = try? JSONDecoder().decode(OllamaErrorBody.self, from: Data(body))
        let raw = parsed?.error ?? String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let message = client.redactor.redact(raw.isEmpty ? "HTTP \(status) with an empty body" : raw)
        switch status {
        case 401:
            return .authentication(provider: name, message: message)
        case 403:
            return .permissionDenied(provider: name, message: message)
        case 404:
            return .misconfigured(
                provider: name,
                message: "the model '\(model)' was not found at \(endpoint) (\(message)). Pull it with `ollama pull \(model)`, or check llm.providers.\(name).model and llm.providers.\(name).endpoint."
            )
        case 429:
            return .rateLimited(provider: name, retryAfter: RetryAfter.delay(from: headers))
        case 500...599:
            return .server(provider: name, status: status, message: message)
        default:
            return .misconfigured(provider: name, message: "the server rejected the request with HTTP \(status): \(message)")
        }
    }

    /// The error for an `{"error": "…"}` line inside a stream (or a 200 body).
    private func streamedError(_ message: String) -> LLMError {
        .server(provider: name, status: 200, message: client.redactor.redact(message))
    }

    /// Throws the mapped error when `response` is not a 2xx.
    private func failUnlessSuccessful(_ response: HTTPTransportResponse) async throws(LLMError) {
        guard response.head.status.kind != .successful else { return }
        let body = await LLMHTTPClient.readErrorBody(response)
        if Task.isCancelled { throw .cancelled }
        let error = mapError(status: response.head.status.code, headers: response.head.headerFields, body: body)
        logger.debug("LLM call failed", metadata: ["provider": "\(name)", "status": "\(response.head.status.code)", "error": "\(error)"])
        throw error
    }

    /// Decodes the NDJSON lines and yields events as they arrive.
    private func relay(_ body: HTTPBody, to continuation: LLMEventStream.Continuation) async throws(LLMError) {
        var splitter = OllamaLineSplitter()
        var finished = false
        do {
            chunks: for try await chunk in body {
                for line in splitter.append(chunk) where try handle(line, continuation) {
                    finished = true
                    break chunks
                }
            }
            if !finished, let line = splitter.finish() {
                finished = try handle(line, continuation)
            }
        } catch {
            throw client.map(streamError: error)
        }
        if Task.isCancelled { throw .cancelled }
        guard finished else {
            throw .transport(provider: name, message: "the stream ended before the model finished (no line with done: true)")
        }
    }

    /// Yields the events of one line; returns whether it was the final line.
    private func handle(_ line: [UInt8], _ continuation: LLMEventStream.Continuation) throws(LLMError) -> Bool {
        let decoded = try client.decode(OllamaChatResponse.self, from: line, what: "stream line")
        if let message = decoded.error { throw streamedError(message) }
        if let text = decoded.message?.content, !text.isEmpty { continuation.yield(.textDelta(text)) }
        guard decoded.done == true else { return false }
        if let usage = decoded.usage { continuation.yield(.usage(usage)) }
        continuation.yield(.finished(decoded.finishReason))
        return true
    }
}
