import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import Logging
import Synchronization
import Testing

/// The API key used by the tests; it must never appear in errors, descriptions or logs.
let testKey = "sk-test-LEAK-0123456789abcdef"

/// A short request like the Agent sends.
let sqlRequest = LLMRequest(messages: [.system("You write SQL for SQLite."), .user("How many customers are there?")])

/// A retry policy with tiny waits, for tests over real HTTP.
let quickRetries = RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(5), jitter: 0, maxTotalTime: TestPatience.generous)

/// An ``OpenAIProvider`` talking to `server` under `/v1` over real HTTP.
func makeProvider(
    _ server: LoopbackHTTPServer,
    model: String = "gpt-4o",
    apiKey: String? = testKey,
    policy: RetryPolicy = .none,
    configure: (inout OpenAIProvider.Configuration) -> Void = { _ in },
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
) throws -> OpenAIProvider {
    var configuration = OpenAIProvider.Configuration(baseURL: server.url("/v1"), model: model, apiKey: apiKey.map(SecretValue.init))
    configure(&configuration)
    return try OpenAIProvider(
        configuration: configuration,
        transport: RetryingHTTPTransport(base: AsyncHTTPClientTransport(), policy: policy),
        logger: logger
    )
}

/// The JSON body of a chat-completions request as the server received it.
struct SentChatRequest: Decodable, Equatable {
    struct Message: Decodable, Equatable {
        var role: String
        var content: String
    }

    struct StreamOptions: Decodable, Equatable {
        var include_usage: Bool
    }

    var model: String
    var messages: [Message]
    var temperature: Double?
    var max_tokens: Int?
    var max_completion_tokens: Int?
    var stop: [String]?
    var stream: Bool?
    var stream_options: StreamOptions?

    /// The top-level keys present in the body.
    var keys: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, max_tokens, max_completion_tokens, stop, stream, stream_options
    }

    /// Parses `body`, recording which keys are present.
    static func parse(_ body: [UInt8]) throws -> SentChatRequest {
        var sent = try JSONDecoder().decode(SentChatRequest.self, from: Data(body))
        let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] ?? [:]
        sent.keys = Set(object.keys)
        return sent
    }
}

/// Counts calls across tasks.
final class CallCounter: Sendable {
    private let count = Mutex(0)

    /// Increments and returns the new count (1 for the first call).
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
}

/// Collects every event of `stream`.
func collect(_ stream: AsyncThrowingStream<LLMStreamEvent, any Error>) async throws -> [LLMStreamEvent] {
    var events: [LLMStreamEvent] = []
    for try await event in stream { events.append(event) }
    return events
}

extension ConfigurationError {
    /// The setting a missing- or invalid-setting error names.
    var settingKey: String? {
        switch self {
        case .missingSetting(let key, _), .invalidSetting(let key, _): key
        default: nil
        }
    }
}

/// Consumes `stream` in its own task until the first text delta arrives (failing the test if
/// none does), then cancels that task and returns how many events it had received, or its error.
func consumeFirstDeltaThenCancel(
    _ stream: AsyncThrowingStream<LLMStreamEvent, any Error>,
    sourceLocation: SourceLocation = #_sourceLocation
) async -> Result<Int, any Error> {
    let firstDelta = TestSignal()
    let consumer = Task { () async throws -> Int in
        var count = 0
        for try await event in stream {
            count += 1
            if case .textDelta = event { firstDelta.fire() }
        }
        return count
    }
    #expect(await firstDelta.wait(timeout: TestPatience.safetyNet), "no text delta arrived", sourceLocation: sourceLocation)
    consumer.cancel()
    return await consumer.result
}
