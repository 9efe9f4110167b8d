import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import Testing

/// The JSON body of an embeddings request as the server received it.
struct SentEmbeddingBody {
    /// The parsed object.
    let object: [String: Any]

    /// Parses `body`.
    init(_ body: [UInt8]) throws {
        object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }

    /// The top-level keys.
    var keys: Set<String> { Set(object.keys) }
    /// `input` as strings.
    var input: [String]? { object["input"] as? [String] }
    /// `model`.
    var model: String? { object["model"] as? String }
}

/// A test failure that asserts every error message omits the test key.
func expectNoKey(_ error: LLMError, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!error.description.contains(testKey), sourceLocation: sourceLocation)
    #expect(!String(reflecting: error).contains(testKey), sourceLocation: sourceLocation)
}

/// The error `body` throws, or `nil` if it returns.
func embeddingError(_ body: () async throws(LLMError) -> [[Float]]) async -> LLMError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error
    }
}
