import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import DaiBaiTesting
import Foundation
import Testing

// The fake vendors of the Agent end-to-end tests. Each speaks one vendor's wire format with
// the shapes of the fixtures next to it (OpenAI: Fixtures/ChatCompletionFixtures.swift;
// Anthropic: Anthropic/Fixtures/AnthropicFixtures.swift; Gemini: Gemini/Fixtures/GeminiFixtures.swift;
// Ollama: Ollama/OllamaFixtures.swift; Azure: AzureOpenAI/AzureOpenAIFixtures.swift), each
// written from that vendor's public API reference. Only the answer text and token counts differ.

/// The SQL every fake vendor answers with; valid on the sample music store.
let endToEndSQL = "SELECT count(*) AS tracks FROM tracks"

/// The answer text, with the SQL in a fenced block.
let endToEndAnswer = "Here you go:\n```sql\n\(endToEndSQL)\n```"

/// The answer split into the deltas a streaming fake sends.
let endToEndDeltas = ["Here you go:\n```sql\n", endToEndSQL, "\n```"]

/// The wire format a fake vendor speaks.
enum EndToEndWire: String, Sendable {
    case openAI, anthropic, gemini, ollama, azure
}

/// One provider type of the standard registry, and how its fake server answers.
struct EndToEndVendor: Sendable, CustomTestStringConvertible {
    /// The `type` in configuration.
    var type: String
    /// The wire format.
    var wire: EndToEndWire
    /// The configured model, or `nil` for the type's default.
    var model: String?
    /// Appended to the server's base URL to make the configured `endpoint`.
    var endpointPath: String = ""
    /// The path the vendor's non-streamed call must go to.
    var completionPath: String
    /// The path the vendor's streamed call must go to (defaults to `completionPath`).
    var streamPath: String?
    /// The query items the vendor's calls must carry, non-streamed.
    var completionQuery: [String: String] = [:]
    /// The query items the vendor's calls must carry, streamed.
    var streamQuery: [String: String]?
    /// The header that must carry the key and its exact value, or `nil` when the vendor has no key.
    var keyHeader: (name: String, value: String)?
    /// The token counts the fake server reports.
    var usage = TokenUsage(inputTokens: 812, outputTokens: 17)

    var testDescription: String { type }

    /// The FlyingFox route pattern covering the vendor's calls.
    var routePattern: String {
        switch wire {
        case .gemini: "POST /v1beta/models/*"
        default: "POST \(completionPath)"
        }
    }

    /// The settings the registry builds the provider from.
    func settings(server: LoopbackHTTPServer) -> LLMProviderSettings {
        LLMProviderSettings(name: "e2e-\(type)", type: type, model: model, apiKey: SecretValue(testKey), endpoint: server.baseURL + endpointPath)
    }

    /// The whole non-streamed response body.
    var completionBody: String {
        let text = jsonString(endToEndAnswer)
        let input = usage.inputTokens, output = usage.outputTokens
        switch wire {
        case .openAI, .azure:
            return #"{"id":"chatcmpl-e2e","object":"chat.completion","created":1741569952,"model":"\#(model ?? "gpt-4o")","choices":[{"index":0,"message":{"role":"assistant","content":\#(text),"refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":\#(input),"completion_tokens":\#(output),"total_tokens":\#(input + output)}}"#
        case .anthropic:
            return #"{"id":"msg_e2e","type":"message","role":"assistant","model":"claude-3-5-sonnet-20241022","content":[{"type":"text","text":\#(text)}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":\#(input),"output_tokens":\#(output)}}"#
        case .gemini:
            return #"{"candidates":[{"content":{"parts":[{"text":\#(text)}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":\#(input),"candidatesTokenCount":\#(output),"totalTokenCount":\#(input + output)},"modelVersion":"gemini-2.5-pro","responseId":"e2e"}"#
        case .ollama:
            return #"{"model":"codellama:13b","created_at":"2023-12-12T14:13:43.416799Z","message":{"role":"assistant","content":\#(text)},"done":true,"done_reason":"stop","total_duration":5191566416,"prompt_eval_count":\#(input),"eval_count":\#(output)}"#
        }
    }

    /// The content type of the streamed response.
    var streamContentType: String { wire == .ollama ? "application/x-ndjson" : "text/event-stream" }

    /// The chunks of the streamed response, each sent as one HTTP chunk.
    var streamChunks: [String] {
        let input = usage.inputTokens, output = usage.outputTokens
        func sse(_ json: String) -> String { "data: \(json)\n\n" }
        switch wire {
        case .openAI, .azure:
            let head = #"{"id":"chatcmpl-e2e","object":"chat.completion.chunk","created":1694268190,"model":"\#(model ?? "gpt-4o")","#
            return [sse(head + #""choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}"#)]
                + endToEndDeltas.map { sse(head + #""choices":[{"index":0,"delta":{"content":\#(jsonString($0))},"logprobs":null,"finish_reason":null}],"usage":null}"#) }
                + [
                    sse(head + #""choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}"#),
                    sse(head + #""choices":[],"usage":{"prompt_tokens":\#(input),"completion_tokens":\#(output),"total_tokens":\#(input + output)}}"#),
                    "data: [DONE]\n\n",
                ]
        case .anthropic:
            func event(_ name: String, _ json: String) -> String { "event: \(name)\ndata: \(json)\n\n" }
            return [
                event("message_start", #"{"type":"message_start","message":{"id":"msg_e2e","type":"message","role":"assistant","content":[],"model":"claude-3-5-sonnet-20241022","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":\#(input),"output_tokens":1}}}"#),
                event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
                event("ping", #"{"type": "ping"}"#),
            ]
                + endToEndDeltas.map { event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":\#(jsonString($0))}}"#) }
                + [
                    event("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
                    event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":\#(output)}}"#),
                    event("message_stop", #"{"type":"message_stop"}"#),
                ]
        case .gemini:
            var chunks = endToEndDeltas.map { sse(#"{"candidates":[{"content":{"parts":[{"text":\#(jsonString($0))}],"role":"model"},"index":0}],"modelVersion":"gemini-2.5-pro"}"#) }
            chunks.append(sse(#"{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":\#(input),"candidatesTokenCount":\#(output),"totalTokenCount":\#(input + output)},"modelVersion":"gemini-2.5-pro"}"#))
            return chunks
        case .ollama:
            return endToEndDeltas.map { #"{"model":"codellama:13b","created_at":"2023-08-04T08:52:19.385406455-07:00","message":{"role":"assistant","content":\#(jsonString($0))},"done":false}"# + "\n" }
                + [#"{"model":"codellama:13b","created_at":"2023-08-04T19:22:45.499127Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":\#(input),"eval_count":\#(output)}"# + "\n"]
        }
    }

    /// The system prompt as the vendor received it: the system message, Anthropic's `system`
    /// or Gemini's `systemInstruction`.
    func systemPrompt(in body: [UInt8]) throws -> String? {
        let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] ?? [:]
        switch wire {
        case .openAI, .azure, .ollama:
            let messages = object["messages"] as? [[String: Any]] ?? []
            return messages.first { $0["role"] as? String == "system" }?["content"] as? String
        case .anthropic:
            return object["system"] as? String
        case .gemini:
            let parts = (object["systemInstruction"] as? [String: Any])?["parts"] as? [[String: Any]] ?? []
            return parts.compactMap { $0["text"] as? String }.joined(separator: "\n")
        }
    }

    /// Every provider type the standard registry builds, each against its fake server.
    static let all: [EndToEndVendor] = [
        .init(type: "openai", wire: .openAI, model: nil, endpointPath: "/v1", completionPath: "/v1/chat/completions", keyHeader: ("authorization", "Bearer \(testKey)")),
        .init(type: "groq", wire: .openAI, model: "llama-3.3-70b-versatile", endpointPath: "/openai/v1", completionPath: "/openai/v1/chat/completions", keyHeader: ("authorization", "Bearer \(testKey)")),
        .init(type: "deepseek", wire: .openAI, model: "deepseek-chat", endpointPath: "", completionPath: "/chat/completions", keyHeader: ("authorization", "Bearer \(testKey)")),
        .init(type: "mistral", wire: .openAI, model: "mistral-large-latest", endpointPath: "/v1", completionPath: "/v1/chat/completions", keyHeader: ("authorization", "Bearer \(testKey)")),
        .init(type: "nvidia", wire: .openAI, model: "meta/llama-3.1-70b-instruct", endpointPath: "/v1", completionPath: "/v1/chat/completions", keyHeader: ("authorization", "Bearer \(testKey)")),
        .init(type: "alibaba", wire: .openAI, model: "qwen-plus", endpointPath: "/compatible-mode/v1", completionPath: "/compatible-mode/v1/chat/completions", keyHeader: ("authorization", "Bearer \(testKey)")),
        .init(type: "meta", wire: .openAI, model: "Llama-4-Maverick-17B-128E-Instruct-FP8", endpointPath: "/v1", completionPath: "/v1/chat/completions", keyHeader: ("authorization", "Bearer \(testKey)")),
        .init(type: "openai-compatible", wire: .openAI, model: "local-model", endpointPath: "/v1", completionPath: "/v1/chat/completions", keyHeader: ("authorization", "Bearer \(testKey)")),
        .init(type: "custom", wire: .openAI, model: "local-model", endpointPath: "/v1", completionPath: "/v1/chat/completions", keyHeader: ("authorization", "Bearer \(testKey)")),
        .init(type: "anthropic", wire: .anthropic, model: nil, completionPath: "/v1/messages", keyHeader: ("x-api-key", testKey), usage: TokenUsage(inputTokens: 904, outputTokens: 23)),
        .init(
            type: "gemini", wire: .gemini, model: "gemini-2.5-pro",
            completionPath: "/v1beta/models/gemini-2.5-pro:generateContent",
            streamPath: "/v1beta/models/gemini-2.5-pro:streamGenerateContent", streamQuery: ["alt": "sse"],
            keyHeader: ("x-goog-api-key", testKey), usage: TokenUsage(inputTokens: 731, outputTokens: 14)),
        .init(type: "ollama", wire: .ollama, model: "codellama:13b", completionPath: "/api/chat", keyHeader: nil, usage: TokenUsage(inputTokens: 655, outputTokens: 31)),
        .init(
            type: "azure", wire: .azure, model: "gpt4o-prod",
            completionPath: "/openai/deployments/gpt4o-prod/chat/completions", completionQuery: ["api-version": "2024-10-21"],
            keyHeader: ("api-key", testKey), usage: TokenUsage(inputTokens: 777, outputTokens: 19)),
    ]

    /// One vendor of each wire format, for the streaming test.
    static var streaming: [EndToEndVendor] {
        ["openai", "anthropic", "gemini", "ollama", "azure"].compactMap { type in all.first { $0.type == type } }
    }
}

/// `value` as a JSON string literal (quotes included).
func jsonString(_ value: String) -> String {
    String(decoding: try! JSONEncoder().encode(value), as: UTF8.self)
}

/// A fresh sample music store in a temporary directory, and an Agent over it.
struct EndToEndFixture {
    let directory: URL
    let connector: SQLiteConnector
    let chats = InMemoryChatStore()
    let usage = RecordingUsageSink()

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("daibai-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("music.sqlite").path
        _ = try SampleDatabase.createMusicStore(at: path)
        connector = try SQLiteConnector(path: path)
    }

    /// An Agent asking `model` about the music store.
    func agent(model: any LLMProvider) -> Agent {
        Agent(model: model, databases: StaticDatabaseDirectory(databases: ["music": connector]), chats: chats, usageSink: usage)
    }

    /// The number of tracks, queried directly.
    func trackCount() async throws -> SQLValue? {
        try await connector.executeReadOnly("SELECT count(*) FROM tracks", options: QueryOptions()).rows.first?.first
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// The provider `vendor` describes, built by the standard registry against `server`, without retries.
func makeEndToEndProvider(_ vendor: EndToEndVendor, server: LoopbackHTTPServer) throws -> any LLMProvider {
    let context = LLMProviderContext(transport: RetryingHTTPTransport(base: AsyncHTTPClientTransport(), policy: .none))
    return try LLMProviderRegistry.standard.makeProvider(vendor.settings(server: server), context: context)
}
