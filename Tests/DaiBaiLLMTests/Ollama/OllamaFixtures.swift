// Shapes from the Ollama API reference (github.com/ollama/ollama, docs/api.md):
// "Generate a chat completion" (POST /api/chat; non-streamed object and the streamed
// newline-delimited JSON objects, the last with "done": true, "done_reason" and the counts),
// "List Local Models" (GET /api/tags) and the error body {"error": "..."}.
// Written by hand from the published format.

import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import Logging

enum OllamaFixtures {
    /// A non-streamed chat response.
    static let completion = #"""
    {
      "model": "codellama:13b",
      "created_at": "2023-12-12T14:13:43.416799Z",
      "message": {"role": "assistant", "content": "SELECT COUNT(*) FROM customers;"},
      "done": true,
      "done_reason": "stop",
      "total_duration": 5191566416,
      "load_duration": 2154458,
      "prompt_eval_count": 26,
      "prompt_eval_duration": 383809000,
      "eval_count": 298,
      "eval_duration": 4799921000
    }
    """#

    /// A non-streamed response cut off by `num_predict`.
    static let truncated = #"{"model":"codellama:13b","created_at":"2023-12-12T14:13:43.416799Z","message":{"role":"assistant","content":"SELECT"},"done":true,"done_reason":"length","prompt_eval_count":26,"eval_count":1}"#

    /// One streamed line with `content`.
    static func line(_ content: String) -> String {
        #"{"model":"codellama:13b","created_at":"2023-08-04T08:52:19.385406455-07:00","message":{"role":"assistant","content":"\#(content)"},"done":false}"# + "\n"
    }

    /// The final streamed line.
    static let finalLine = #"{"model":"codellama:13b","created_at":"2023-08-04T19:22:45.499127Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}"# + "\n"

    /// A whole streamed answer.
    static let streamTranscript = [line("SELECT"), line(" COUNT(*)"), line(" FROM customers;"), finalLine]

    /// `GET /api/tags`.
    static let tags = #"""
    {
      "models": [
        {
          "name": "llama3:latest",
          "model": "llama3:latest",
          "modified_at": "2024-05-04T14:56:49.277302595-07:00",
          "size": 4661224676,
          "digest": "365c0bd3c000a25d28ddbf732fe1c6add414de7275464c4e4d1c3b5fcb5d8ad1",
          "details": {"format": "gguf", "family": "llama", "families": null, "parameter_size": "8.0B", "quantization_level": "Q4_0"}
        },
        {
          "name": "codellama:13b",
          "model": "codellama:13b",
          "modified_at": "2023-11-04T14:56:49.277302595-07:00",
          "size": 7365960935,
          "digest": "9f438cb9cd581fc025612d27f7c1a6669ff83a8bb0ed86c94fcf4c5440555697",
          "details": {"format": "gguf", "family": "llama", "families": null, "parameter_size": "13B", "quantization_level": "Q4_0"}
        }
      ]
    }
    """#

    /// 404 for a model that was not pulled.
    static let modelNotFound = #"{"error":"model \"codellama:13b\" not found, try pulling it first"}"#

    /// 500 while loading a model.
    static let serverError = #"{"error":"llama runner process has terminated: signal: killed"}"#
}

/// An ``OllamaProvider`` talking to `server` over real HTTP.
func makeOllamaProvider(
    _ server: LoopbackHTTPServer,
    policy: RetryPolicy = .none,
    configure: (inout OllamaProvider.Configuration) -> Void = { _ in }
) throws -> OllamaProvider {
    var configuration = OllamaProvider.Configuration(baseURL: server.baseURL)
    configure(&configuration)
    return try OllamaProvider(configuration: configuration, transport: RetryingHTTPTransport(base: AsyncHTTPClientTransport(), policy: policy))
}

/// The JSON body of an `/api/chat` request as the server received it.
struct SentOllamaRequest: Decodable, Equatable {
    struct Message: Decodable, Equatable {
        var role: String
        var content: String
    }

    struct Options: Decodable, Equatable {
        var temperature: Double?
        var num_predict: Int?
        var stop: [String]?
    }

    var model: String
    var messages: [Message]
    var stream: Bool?
    var options: Options?

    /// The top-level keys, and the keys of `options`.
    var keys: Set<String> = []
    var optionKeys: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case model, messages, stream, options
    }

    static func parse(_ body: [UInt8]) throws -> SentOllamaRequest {
        var sent = try JSONDecoder().decode(SentOllamaRequest.self, from: Data(body))
        let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] ?? [:]
        sent.keys = Set(object.keys)
        sent.optionKeys = Set((object["options"] as? [String: Any] ?? [:]).keys)
        return sent
    }
}
