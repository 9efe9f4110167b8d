import DaiBaiCore
import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime

/// A language model deployed in Azure OpenAI, called through its Chat Completions API.
///
/// - Requests go to `POST {endpoint}/openai/deployments/{deployment}/chat/completions?api-version={version}`
///   with OpenAI's request, response, server-sent-event and error shapes.
/// - Authentication: the `api-key` header when a key is configured, otherwise an Entra ID
///   bearer token for ``Configuration/tokenScope`` from the `TokenCredential` given to
///   ``init(configuration:credential:transport:logger:)``. Either goes only to the endpoint.
/// - Content filtering (`finish_reason: content_filter`, or an error with code
///   `content_filter`) fails the call with ``LLMError/contentFiltered(provider:message:)``;
///   in a stream the text received before that is delivered first.
/// - Retries happen in the transport, before a body is read; a stream is never retried.
public struct AzureOpenAIProvider: LLMProvider, CustomStringConvertible, CustomReflectable {
    /// The configured name, for example `"azure"`.
    public let name: String
    /// The deployment called.
    public let model: String
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
    ///   - configuration: Endpoint, deployment, API version, key and defaults.
    ///   - credential: Supplies Entra ID tokens when ``Configuration/apiKey`` is `nil`.
    ///   - transport: Sends the requests; by default async-http-client wrapped in the SDK's
    ///     retrying transport.
    ///   - logger: Receives debug lines (no keys, tokens, headers or prompts).
    /// - Throws: ``LLMError/misconfigured(provider:message:)`` when the endpoint, deployment or
    ///   API version is not valid, or when neither a key nor a credential is given.
    public init(
        configuration: Configuration,
        credential: (any TokenCredential)? = nil,
        transport: any HTTPTransport = RetryingHTTPTransport(base: AsyncHTTPClientTransport()),
        logger: Logger = Logger(label: "daibai.llm.azure", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(LLMError) {
        let endpoint: LLMEndpoint
        do throws(LLMEndpoint.ValidationError) {
            endpoint = try LLMEndpoint(configuration.endpoint)
        } catch {
            throw .misconfigured(provider: configuration.name, message: "the endpoint is not valid: \(error.reason)")
        }
        guard Self.isValidPathValue(configuration.deployment) else {
            throw .misconfigured(provider: configuration.name, message: "'\(configuration.deployment)' is not a deployment name (letters, digits, '.', '-' and '_')")
        }
        guard Self.isValidPathValue(configuration.apiVersion) else {
            throw .misconfigured(provider: configuration.name, message: "'\(configuration.apiVersion)' is not an API version")
        }
        if configuration.apiKey?.isEmpty ?? true, credential == nil {
            throw .misconfigured(provider: configuration.name, message: "neither an API key nor a token credential is configured")
        }
        var headers = configuration.extraHeaders
        for name in [HTTPField.Name.authorization, .contentType, .accept, Self.apiKeyField] { headers[name] = nil }
        self.name = configuration.name
        self.model = configuration.deployment
        self.configuration = configuration
        self.endpoint = endpoint
        self.credential = credential
        self.transport = transport
        self.headers = headers
        self.logger = logger
    }

    /// Generates a complete answer with one `POST …/chat/completions`.
    ///
    /// - Throws: ``LLMError/contentFiltered(provider:message:)`` when the output was filtered.
    public func complete(_ request: LLMRequest) async throws(LLMError) -> LLMResponse {
        let client = try await makeClient()
        let body = try client.encode(wireRequest(for: request, streaming: false))
        let response = try await client.send(.post, path: chatPath, body: body)
        try await failUnlessSuccessful(response, client: client)
        let bytes = try await client.readBody(response)
        let decoded = try client.decode(OpenAIChatResponse.self, from: bytes, what: "chat completion response")
        guard let choice = decoded.choices.first else {
            throw .transport(provider: name, message: "the chat completion response has no choices")
        }
        let finishReason = FinishReason(openAI: choice.finishReason) ?? .other("unspecified")
        if finishReason == .contentFilter {
            throw .contentFiltered(provider: name, message: "the output was filtered by the deployment's content filter (finish_reason content_filter)")
        }
        let usage = decoded.usage?.tokenUsage
        logger.debug(
            "LLM completion",
            metadata: ["provider": "\(name)", "model": "\(model)", "inputTokens": "\(usage?.inputTokens ?? -1)", "outputTokens": "\(usage?.outputTokens ?? -1)"]
        )
        return LLMResponse(
            text: choice.message?.content ?? choice.message?.refusal ?? "",
            usage: usage,
            finishReason: finishReason,
            model: decoded.model ?? model
        )
    }

    /// Streams an answer: `.textDelta` per received chunk, then `.usage` and `.finished`.
    ///
    /// The stream fails with an ``LLMError`` (``LLMError/contentFiltered(provider:message:)``
    /// when the output was filtered); cancelling the consuming task (or dropping the stream)
    /// cancels the HTTP request at once.
    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        LLMEventStream.make { continuation throws(LLMError) in
            let client = try await makeClient()
            let body = try client.encode(wireRequest(for: request, streaming: true))
            let response = try await client.send(.post, path: chatPath, body: body, accept: "text/event-stream")
            try await failUnlessSuccessful(response, client: client)
            try await relay(response.body, client: client, to: continuation)
        }
    }

    /// `AzureOpenAIProvider(name, deployment … at endpoint)`; never the key.
    public var description: String {
        "AzureOpenAIProvider(\(name), deployment \(model) at \(endpoint), api-version \(configuration.apiVersion), \(configuration.apiKey == nil ? "Entra ID token" : "api key set"))"
    }

    /// A mirror without the key or credential, so `dump` shows no secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "model": model, "endpoint": endpoint.description, "configuration": configuration], displayStyle: .struct)
    }

    // MARK: - Internals

    /// The `api-key` header field.
    static let apiKeyField = HTTPField.Name("api-key") ?? .authorization

    /// Whether `value` may stand in the URL path or query (deployment names, API versions).
    static func isValidPathValue(_ value: String) -> Bool {
        !value.isEmpty && value.count <= 128 && value.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" || $0 == "." }
            && value != "." && value != ".."
    }

    /// The chat-completions path with its query.
    var chatPath: String {
        "openai/deployments/\(configuration.deployment)/chat/completions?api-version=\(configuration.apiVersion)"
    }

    /// The HTTP client with this call's credential: the key, or a fresh Entra token.
    private func makeClient() async throws(LLMError) -> LLMHTTPClient {
        let authentication: LLMAuthentication
        if let key = configuration.apiKey, !key.isEmpty {
            authentication = .header(Self.apiKeyField, key)
        } else if let credential {
            do throws(CredentialError) {
                let token = try await credential.token(for: TokenRequest(scopes: [Configuration.tokenScope]))
                authentication = .bearer(token.token)
            } catch {
                if Task.isCancelled { throw .cancelled }
                throw .authentication(provider: name, message: "no Entra ID token for \(Configuration.tokenScope): \(error.description)")
            }
        } else {
            throw .misconfigured(provider: name, message: "neither an API key nor a token credential is configured")
        }
        return LLMHTTPClient(
            provider: name,
            endpoint: endpoint,
            authentication: authentication,
            extraHeaders: headers,
            transport: transport,
            timeout: configuration.requestTimeout,
            logger: logger
        )
    }

    /// The JSON body for `request` (OpenAI's shape; `model` carries the deployment name).
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

    private func errorMapper(_ client: LLMHTTPClient) -> OpenAIErrorMapper {
        OpenAIErrorMapper(provider: name, model: model, endpoint: endpoint, redactor: client.redactor)
    }

    /// Throws the mapped error when `response` is not a 2xx.
    private func failUnlessSuccessful(_ response: HTTPTransportResponse, client: LLMHTTPClient) async throws(LLMError) {
        guard response.head.status.kind != .successful else { return }
        let body = await LLMHTTPClient.readErrorBody(response)
        if Task.isCancelled { throw .cancelled }
        let error = errorMapper(client).map(status: response.head.status.code, headers: response.head.headerFields, body: body)
        logger.debug("LLM call failed", metadata: ["provider": "\(name)", "status": "\(response.head.status.code)", "error": "\(error)"])
        throw error
    }

    /// Decodes the event stream and yields events as chunks arrive.
    private func relay(_ body: HTTPBody, client: LLMHTTPClient, to continuation: LLMEventStream.Continuation) async throws(LLMError) {
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
                if let detail = chunk.error { throw errorMapper(client).map(streamed: detail) }
                for delta in state.consume(chunk) { continuation.yield(delta) }
            }
        } catch {
            throw client.map(streamError: error)
        }
        if Task.isCancelled { throw .cancelled }
        if state.finishReason == .contentFilter {
            throw .contentFiltered(provider: name, message: "the output was filtered by the deployment's content filter (finish_reason content_filter)")
        }
        guard sawDone || state.finishReason != nil else {
            throw .transport(provider: name, message: "the stream ended before the model finished (no finish reason and no [DONE])")
        }
        for event in state.closingEvents() { continuation.yield(event) }
    }
}
