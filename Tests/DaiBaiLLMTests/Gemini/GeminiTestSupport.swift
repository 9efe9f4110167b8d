import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import Logging

/// A Google-style API key for the Gemini tests; it must never appear in URLs, errors,
/// descriptions or logs.
let geminiTestKey = "AIzaSyD-TEST-LEAK-0123456789abcdefghijk"

/// A ``GeminiProvider`` talking to `server` (base URL without a path) over real HTTP.
func makeGeminiProvider(
    _ server: LoopbackHTTPServer,
    model: String = "gemini-2.5-pro",
    apiKey: String? = geminiTestKey,
    policy: RetryPolicy = .none,
    configure: (inout GeminiProvider.Configuration) -> Void = { _ in },
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
) throws -> GeminiProvider {
    var configuration = GeminiProvider.Configuration(baseURL: server.baseURL, model: model, apiKey: apiKey.map(SecretValue.init))
    configure(&configuration)
    return try GeminiProvider(
        configuration: configuration,
        transport: RetryingHTTPTransport(base: AsyncHTTPClientTransport(), policy: policy),
        logger: logger
    )
}

/// The JSON body of a generateContent request as the server received it.
struct SentGeminiRequest: Decodable, Equatable {
    struct Part: Decodable, Equatable {
        var text: String
    }

    struct Content: Decodable, Equatable {
        var role: String?
        var parts: [Part]
    }

    struct GenerationConfig: Decodable, Equatable {
        var temperature: Double?
        var maxOutputTokens: Int?
        var stopSequences: [String]?
    }

    var contents: [Content]
    var systemInstruction: Content?
    var generationConfig: GenerationConfig?

    /// The top-level keys present in the body.
    var keys: Set<String> = []
    /// The keys present in `generationConfig`.
    var generationConfigKeys: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case contents, systemInstruction, generationConfig
    }

    /// Parses `body`, recording which keys are present.
    static func parse(_ body: [UInt8]) throws -> SentGeminiRequest {
        var sent = try JSONDecoder().decode(SentGeminiRequest.self, from: Data(body))
        let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] ?? [:]
        sent.keys = Set(object.keys)
        sent.generationConfigKeys = Set((object["generationConfig"] as? [String: Any] ?? [:]).keys)
        return sent
    }
}

extension LoopbackHTTPServer.Request {
    /// Whether the Gemini key appears anywhere in the request line (path or query).
    var urlContainsGeminiKey: Bool {
        path.contains(geminiTestKey) || query.contains { $0.name.lowercased() == "key" || $0.value.contains(geminiTestKey) }
    }
}

/// The text deltas of `events`, joined.
func geminiJoinedText(_ events: [LLMStreamEvent]) -> String {
    events.compactMap { event -> String? in
        if case .textDelta(let delta) = event { return delta }
        return nil
    }.joined()
}
