import DaiBaiCore
import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime

/// A Google Gemini model behind the Generative Language API.
///
/// - ``complete(_:)`` sends `POST {base}/v1beta/models/{model}:generateContent`; ``stream(_:)``
///   sends `POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse` and decodes the
///   server-sent events (each a `GenerateContentResponse` chunk) as they arrive.
/// - System messages become `systemInstruction`; assistant turns have the role `model`, and
///   consecutive turns of the same role are merged.
/// - `finishReason` `MAX_TOKENS` is reported as ``FinishReason/length``; `SAFETY`,
///   `RECITATION`, `BLOCKLIST`, `PROHIBITED_CONTENT` and `SPII` as ``FinishReason/contentFilter``.
///   A blocked prompt (`promptFeedback.blockReason`) fails with ``LLMError/contentFiltered(provider:message:)``.
/// - The key travels only in the `x-goog-api-key` header, never in the URL, and only to the
///   configured base URL's scheme and authority. Neither descriptions, `dump`, logs nor errors
///   contain it.
/// - Retries (429, 5xx, connection failures, honouring `Retry-After`) happen in the transport,
///   before a response body is read; a stream is never retried once it started.
public struct GeminiProvider: LLMProvider, CustomStringConvertible, CustomReflectable {
    /// The configured name, for example `"gemini"`.
    public let name: String
    /// The model called, without a `models/` prefix.
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
    /// - Throws: ``LLMError/misconfigured(provider:message:)`` when the base URL or the model
    ///   name is not valid.
    public init(
        configuration: Configuration,
        transport: any HTTPTransport = RetryingHTTPTransport(base: AsyncHTTPClientTransport()),
        logger: Logger = Logger(label: "daibai.llm.gemini", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(LLMError) {
        let endpoint: LLMEndpoint
        do throws(LLMEndpoint.ValidationError) {
            endpoint = try LLMEndpoint(configuration.baseURL)
        } catch {
            throw .misconfigured(provider: configuration.name, message: "the base URL is not valid: \(error.reason)")
        }
        guard Self.isValidModelName(configuration.model) else {
            throw .misconfigured(provider: configuration.name, message: "'\(configuration.model)' is not a Gemini model name; check llm.providers.\(configuration.name).model")
        }
        var headers = configuration.extraHeaders
        for name in [HTTPField.Name.authorization, .contentType, .accept, Self.apiKeyHeader] { headers[name] = nil }
        self.name = configuration.name
        self.model = Self.modelID(configuration.model)
        self.configuration = configuration
        self.endpoint = endpoint
        self.logger = logger
        self.client = LLMHTTPClient(
            provider: configuration.name,
            endpoint: endpoint,
            authentication: configuration.apiKey.map { .header(Self.apiKeyHeader, $0) } ?? .none,
            extraHeaders: headers,
            transport: transport,
            timeout: configuration.requestTimeout,
            logger: logger
        )
    }

    /// Generates a complete answer with one `POST …:generateContent`.
    ///
    /// - Throws: ``LLMError/contentFiltered(provider:message:)`` when the prompt was blocked,
    ///   or the mapped error of a failed call.
    public func complete(_ request: LLMRequest) async throws(LLMError) -> LLMResponse {
        let body = try client.encode(wireRequest(for: request))
        let response = try await client.send(.post, path: "v1beta/models/\(model):generateContent", body: body)
        try await failUnlessSuccessful(response)
        let bytes = try await client.readBody(response)
        let decoded = try client.decode(GeminiGenerateResponse.self, from: bytes, what: "generateContent response")
        if let detail = decoded.error { throw errorMapper.map(streamed: detail) }
        try failIfPromptBlocked(decoded)
        guard let candidate = decoded.candidates?.first else {
            throw .transport(provider: name, message: "the generateContent response has no candidates")
        }
        let usage = decoded.usageMetadata?.tokenUsage
        logger.debug(
            "LLM completion",
            metadata: ["provider": "\(name)", "model": "\(model)", "inputTokens": "\(usage?.inputTokens ?? -1)", "outputTokens": "\(usage?.outputTokens ?? -1)"]
        )
        return LLMResponse(
            text: decoded.text,
            usage: usage,
            finishReason: FinishReason(gemini: candidate.finishReason) ?? .other("unspecified"),
            model: decoded.modelVersion ?? model
        )
    }

    /// Streams an answer: `.textDelta` per received chunk, then `.usage` and `.finished`.
    ///
    /// The stream fails with an ``LLMError``; cancelling the consuming task (or dropping the
    /// stream) cancels the HTTP request at once.
    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        LLMEventStream.make { continuation throws(LLMError) in
            let body = try client.encode(wireRequest(for: request))
            let response = try await client.send(
                .post, path: "v1beta/models/\(model):streamGenerateContent?alt=sse", body: body, accept: "text/event-stream"
            )
            try await failUnlessSuccessful(response)
            try await relay(response.body, to: continuation)
        }
    }

    /// The model names the service offers (`GET {base}/v1beta/models`, every page), without
    /// the `models/` prefix, sorted.
    public func listModels() async throws(LLMError) -> [String] {
        var names: Set<String> = []
        var pageToken: String?
        for _ in 0..<Self.maxModelPages {
            var path = "v1beta/models?pageSize=1000"
            if let pageToken {
                let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
                path += "&pageToken=" + (pageToken.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
            }
            let response = try await client.send(.get, path: path)
            try await failUnlessSuccessful(response)
            let bytes = try await client.readBody(response)
            let page = try client.decode(GeminiModelList.self, from: bytes, what: "model list")
            for model in page.models ?? [] { names.insert(Self.modelID(model.name)) }
            guard let next = page.nextPageToken, !next.isEmpty, next != pageToken else { break }
            pageToken = next
        }
        return names.sorted()
    }

    /// `name (model … at base URL)`; never the key.
    public var description: String {
        "GeminiProvider(\(name), model \(model) at \(endpoint), api key \(configuration.apiKey == nil ? "not set" : "set"))"
    }

    /// A mirror without the key, so `dump` shows no secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "model": model, "endpoint": endpoint.description, "configuration": configuration], displayStyle: .struct)
    }

    // MARK: - Internals

    /// The header that carries the key.
    static let apiKeyHeader = HTTPField.Name("x-goog-api-key") ?? .authorization
    /// The most pages of the model list read.
    static let maxModelPages = 50

    /// `model` without a leading `models/`.
    static func modelID(_ model: String) -> String {
        let trimmed = model.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.hasPrefix("models/") ? String(trimmed.dropFirst("models/".count)) : trimmed
    }

    /// Whether `model` (after any `models/`) is a non-empty name of letters, digits, `.`, `-`, `_`.
    static func isValidModelName(_ model: String) -> Bool {
        let id = modelID(model)
        return !id.isEmpty && id.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-._".unicodeScalars.contains(scalar))
        }
    }

    /// The JSON body for `request`.
    func wireRequest(for request: LLMRequest) -> GeminiGenerateRequest {
        var system: [GeminiGenerateRequest.Part] = []
        var contents: [GeminiGenerateRequest.Content] = []
        for message in request.messages {
            let part = GeminiGenerateRequest.Part(text: message.content)
            let role: String
            switch message.role {
            case .system:
                system.append(part)
                continue
            case .assistant: role = "model"
            default: role = "user"
            }
            if let last = contents.indices.last, contents[last].role == role {
                contents[last].parts.append(part)
            } else {
                contents.append(.init(role: role, parts: [part]))
            }
        }
        return GeminiGenerateRequest(
            contents: contents,
            systemInstruction: system.isEmpty ? nil : .init(role: nil, parts: system),
            generationConfig: .init(
                temperature: configuration.temperature ?? request.temperature,
                maxOutputTokens: request.maxOutputTokens ?? configuration.maxOutputTokens,
                stopSequences: request.stopSequences.isEmpty ? nil : request.stopSequences
            )
        )
    }

    private var errorMapper: GeminiErrorMapper {
        GeminiErrorMapper(provider: name, model: model, endpoint: endpoint, redactor: client.redactor)
    }

    /// Throws ``LLMError/contentFiltered(provider:message:)`` when the prompt was blocked.
    private func failIfPromptBlocked(_ response: GeminiGenerateResponse) throws(LLMError) {
        guard let reason = response.promptFeedback?.blockReason, !reason.isEmpty else { return }
        var message = "the prompt was blocked (blockReason \(reason))"
        if let detail = response.promptFeedback?.blockReasonMessage, !detail.isEmpty {
            message += ": " + GeminiErrorMapper.redactGoogleKeys(client.redactor.redact(detail))
        }
        throw .contentFiltered(provider: name, message: message)
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
        var state = GeminiStreamState()
        do {
            for try await event in body.asDecodedServerSentEvents() {
                guard let data = event.data?.trimmingCharacters(in: .whitespacesAndNewlines), !data.isEmpty else { continue }
                let chunk = try client.decode(GeminiGenerateResponse.self, from: Array(data.utf8), what: "stream chunk")
                if let detail = chunk.error { throw errorMapper.map(streamed: detail) }
                try failIfPromptBlocked(chunk)
                for delta in state.consume(chunk) { continuation.yield(delta) }
            }
        } catch {
            throw client.map(streamError: error)
        }
        if Task.isCancelled { throw .cancelled }
        guard state.finishReason != nil else {
            throw .transport(provider: name, message: "the stream ended before the model finished (no finishReason)")
        }
        for event in state.closingEvents() { continuation.yield(event) }
    }
}
