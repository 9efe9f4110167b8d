import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import Logging

/// An ``AnthropicProvider`` talking to `server` over real HTTP.
func makeAnthropicProvider(
    _ server: LoopbackHTTPServer,
    apiKey: String? = testKey,
    policy: RetryPolicy = .none,
    configure: (inout AnthropicProvider.Configuration) -> Void = { _ in }
) throws -> AnthropicProvider {
    var configuration = AnthropicProvider.Configuration(baseURL: server.baseURL, apiKey: apiKey.map(SecretValue.init))
    configure(&configuration)
    return try AnthropicProvider(configuration: configuration, transport: RetryingHTTPTransport(base: AsyncHTTPClientTransport(), policy: policy))
}

/// The JSON body of a Messages request as the server received it.
struct SentAnthropicRequest: Decodable, Equatable {
    struct Message: Decodable, Equatable {
        var role: String
        var content: String
    }

    var model: String
    var max_tokens: Int
    var system: String?
    var messages: [Message]
    var temperature: Double?
    var stop_sequences: [String]?
    var stream: Bool?

    /// The top-level keys present in the body.
    var keys: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case model, max_tokens, system, messages, temperature, stop_sequences, stream
    }

    static func parse(_ body: [UInt8]) throws -> SentAnthropicRequest {
        var sent = try JSONDecoder().decode(SentAnthropicRequest.self, from: Data(body))
        let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] ?? [:]
        sent.keys = Set(object.keys)
        return sent
    }
}
