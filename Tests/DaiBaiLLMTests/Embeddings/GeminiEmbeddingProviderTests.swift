import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import Testing

/// ``GeminiEmbeddingProvider`` over real HTTP against a loopback server speaking the Gemini API.
@Suite(.timeLimit(.minutes(10)))
struct GeminiEmbeddingProviderTests {
    static let path = "/v1beta/models/text-embedding-004:batchEmbedContents"

    /// A provider talking to `server`.
    func makeProvider(
        _ server: LoopbackHTTPServer,
        policy: RetryPolicy = .none,
        configure: (inout GeminiEmbeddingProvider.Configuration) -> Void = { _ in }
    ) throws -> GeminiEmbeddingProvider {
        var configuration = GeminiEmbeddingProvider.Configuration(baseURL: server.baseURL, apiKey: SecretValue(testKey))
        configure(&configuration)
        return try GeminiEmbeddingProvider(configuration: configuration, transport: RetryingHTTPTransport(base: AsyncHTTPClientTransport(), policy: policy))
    }

    /// The texts of a sent `batchEmbedContents` body.
    static func texts(_ body: [UInt8]) throws -> [String] {
        let requests = try SentEmbeddingBody(body).object["requests"] as? [[String: Any]] ?? []
        return requests.compactMap { (($0["content"] as? [String: Any])?["parts"] as? [[String: Any]])?.first?["text"] as? String }
    }

    /// Answers each text `text-N` with vector N.
    static func answeringByText(dimensions: Int) -> LoopbackHTTPServer.Handler {
        { request in
            let items = try texts(request.body).map { text in
                #"{"values": \#(EmbeddingFixtures.json(EmbeddingFixtures.vector(Int(text.split(separator: "-").last ?? "") ?? -1, dimensions: dimensions)))}"#
            }
            return .text(200, #"{"embeddings": [\#(items.joined(separator: ","))]}"#)
        }
    }

    @Test func embedSendsTheExactRequestWithTheKeyInTheHeaderOnly() async throws {
        try await withLoopbackServer([
            .init("POST \(Self.path)") { _ in .text(200, EmbeddingFixtures.geminiResponse(count: 2, dimensions: 768), headers: ["Content-Type": "application/json"]) },
        ]) { server in
            let provider = try makeProvider(server)
            #expect(provider.name == "gemini:text-embedding-004")
            #expect(provider.dimensions == 768)
            let vectors = try await provider.embed(["customers", "orders"])
            #expect(vectors == (0..<2).map { EmbeddingFixtures.vector($0, dimensions: 768) })

            let request = try #require(server.requests.first)
            #expect(server.requests.count == 1)
            #expect(request.method == "POST")
            #expect(request.path == Self.path)
            #expect(request.query.isEmpty)
            #expect(request.header("x-goog-api-key") == testKey)
            #expect(request.header("Authorization") == nil)
            #expect(request.header("Content-Type") == "application/json")
            let object = try SentEmbeddingBody(request.body).object
            #expect(Set(object.keys) == ["requests"])
            let items = try #require(object["requests"] as? [[String: Any]])
            #expect(items.count == 2)
            #expect(items.map { Set($0.keys) } == [["model", "content"], ["model", "content"]])
            #expect(items.compactMap { $0["model"] as? String } == ["models/text-embedding-004", "models/text-embedding-004"])
            let texts = try Self.texts(request.body)
            #expect(texts == ["customers", "orders"])
        }
    }

    @Test func taskTypeAndOutputDimensionalityAreSentWhenConfigured() async throws {
        try await withLoopbackServer([
            .init("POST /v1beta/models/gemini-embedding-001:batchEmbedContents", Self.answeringByText(dimensions: 8)),
        ]) { server in
            let provider = try makeProvider(server) {
                $0.model = "models/gemini-embedding-001"
                $0.dimensions = 8
                $0.sendsOutputDimensionality = true
                $0.taskType = "RETRIEVAL_DOCUMENT"
            }
            let vectors = try await provider.embed(["text-1"])
            #expect(vectors == [EmbeddingFixtures.vector(1, dimensions: 8)])
            let sent = try #require(server.requests.first)
            let items = try SentEmbeddingBody(sent.body).object["requests"] as? [[String: Any]] ?? []
            #expect(items.first?["taskType"] as? String == "RETRIEVAL_DOCUMENT")
            #expect(items.first?["outputDimensionality"] as? Int == 8)
            #expect(items.first?["model"] as? String == "models/gemini-embedding-001")
        }
    }

    @Test func fiveTextsWithBatchSizeTwoMakeThreeRequestsAndKeepTheOrder() async throws {
        try await withLoopbackServer([
            .init("POST \(Self.path)", Self.answeringByText(dimensions: 3)),
        ]) { server in
            let provider = try makeProvider(server) { $0.dimensions = 3; $0.batchSize = 2 }
            let vectors = try await provider.embed((0..<5).map { "text-\($0)" })
            #expect(vectors == (0..<5).map { EmbeddingFixtures.vector($0, dimensions: 3) })
            let batches = try server.requests.map { try Self.texts($0.body) }
            #expect(batches == [["text-0", "text-1"], ["text-2", "text-3"], ["text-4"]])
        }
    }

    @Test func anEmptyInputMakesNoRequest() async throws {
        try await withLoopbackServer([
            .init("POST \(Self.path)", Self.answeringByText(dimensions: 3)),
        ]) { server in
            let provider = try makeProvider(server)
            let vectors = try await provider.embed([])
            #expect(vectors.isEmpty)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func aVectorOfTheWrongLengthIsATransportError() async throws {
        try await withLoopbackServer([
            .init("POST \(Self.path)") { _ in .text(200, EmbeddingFixtures.geminiResponse(count: 1, dimensions: 3072)) },
        ]) { server in
            let provider = try makeProvider(server)
            let error = await embeddingError { () async throws(LLMError) in try await provider.embed(["a"]) }
            guard case .transport(_, let message) = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(message.contains("3072 dimensions, expected 768"))
        }
    }

    @Test func anInvalidKeyIsAnAuthenticationErrorWithoutTheKey() async throws {
        try await withLoopbackServer([
            .init("POST \(Self.path)") { _ in .text(400, EmbeddingFixtures.geminiInvalidKey(echoing: testKey)) },
        ]) { server in
            let provider = try makeProvider(server)
            let error = try #require(await embeddingError { () async throws(LLMError) in try await provider.embed(["a"]) })
            guard case .authentication(let name, let message) = error else {
                Issue.record("expected an authentication error, got \(error)")
                return
            }
            #expect(name == "gemini")
            #expect(message.contains("API key not valid"))
            expectNoKey(error)
            var dumped = ""
            dump(provider, to: &dumped)
            #expect(!dumped.contains(testKey))
            #expect(!provider.description.contains(testKey))
        }
    }

    @Test func a429IsRetriedThenSucceeds() async throws {
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("POST \(Self.path)") { request in
                if calls.next() == 1 { return .text(429, EmbeddingFixtures.geminiRateLimited, headers: ["Retry-After": "0"]) }
                return try await Self.answeringByText(dimensions: 3)(request)
            },
        ]) { server in
            let provider = try makeProvider(server, policy: quickRetries) { $0.dimensions = 3 }
            let vectors = try await provider.embed(["text-4"])
            #expect(vectors == [EmbeddingFixtures.vector(4, dimensions: 3)])
            #expect(server.requests.count == 2)
        }
    }
}
