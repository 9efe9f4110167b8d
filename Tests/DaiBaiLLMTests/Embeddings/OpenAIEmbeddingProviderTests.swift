import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import Logging
import Testing

/// ``OpenAIEmbeddingProvider`` over real HTTP against a loopback server.
@Suite(.timeLimit(.minutes(10)))
struct OpenAIEmbeddingProviderTests {
    /// A provider talking to `server` under `/v1`.
    func makeProvider(
        _ server: LoopbackHTTPServer,
        policy: RetryPolicy = .none,
        configure: (inout OpenAIEmbeddingProvider.Configuration) -> Void = { _ in }
    ) throws -> OpenAIEmbeddingProvider {
        var configuration = OpenAIEmbeddingProvider.Configuration(baseURL: server.url("/v1"), apiKey: SecretValue(testKey))
        configure(&configuration)
        return try OpenAIEmbeddingProvider(configuration: configuration, transport: RetryingHTTPTransport(base: AsyncHTTPClientTransport(), policy: policy))
    }

    /// Answers each text `text-N` with vector N, listing the items in reverse order.
    static func answeringByText(dimensions: Int) -> LoopbackHTTPServer.Handler {
        { request in
            let input = try SentEmbeddingBody(request.body).input ?? []
            let items = input.enumerated().reversed().map { index, text in
                let position = Int(text.split(separator: "-").last ?? "") ?? -1
                return #"{"object": "embedding", "index": \#(index), "embedding": \#(EmbeddingFixtures.json(EmbeddingFixtures.vector(position, dimensions: dimensions)))}"#
            }
            return .text(200, #"{"object": "list", "data": [\#(items.joined(separator: ","))], "model": "m", "usage": {"prompt_tokens": 1, "total_tokens": 1}}"#)
        }
    }

    @Test func embedSendsTheExactRequestAndRestoresTheOrderFromIndex() async throws {
        try await withLoopbackServer([
            .init("POST /v1/embeddings") { _ in
                .text(200, EmbeddingFixtures.openAIResponse(count: 3, dimensions: 1536, reversed: true), headers: ["Content-Type": "application/json"])
            },
        ]) { server in
            let provider = try makeProvider(server)
            #expect(provider.name == "openai:text-embedding-3-small")
            #expect(provider.dimensions == 1536)
            let vectors = try await provider.embed(["customers", "orders", "invoices"])
            #expect(vectors == (0..<3).map { EmbeddingFixtures.vector($0, dimensions: 1536) })

            let requests = server.requests
            try #require(requests.count == 1)
            let request = requests[0]
            #expect(request.method == "POST")
            #expect(request.path == "/v1/embeddings")
            #expect(request.query.isEmpty)
            #expect(request.header("Authorization") == "Bearer \(testKey)")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Accept") == "application/json")
            let body = try SentEmbeddingBody(request.body)
            #expect(body.keys == ["model", "input", "encoding_format"])
            #expect(body.model == "text-embedding-3-small")
            #expect(body.input == ["customers", "orders", "invoices"])
            #expect(body.object["encoding_format"] as? String == "float")
        }
    }

    @Test func configuredDimensionsAreSentAndExpected() async throws {
        try await withLoopbackServer([
            .init("POST /v1/embeddings") { _ in .text(200, EmbeddingFixtures.openAIResponse(count: 1, dimensions: 256, model: "text-embedding-3-large")) },
        ]) { server in
            let provider = try makeProvider(server) { $0.model = "text-embedding-3-large"; $0.dimensions = 256 }
            #expect(provider.dimensions == 256)
            let vectors = try await provider.embed(["customers"])
            #expect(vectors.count == 1 && vectors[0].count == 256)
            let body = try SentEmbeddingBody(try #require(server.requests.first).body)
            #expect(body.keys == ["model", "input", "encoding_format", "dimensions"])
            #expect(body.object["dimensions"] as? Int == 256)
        }
    }

    @Test func fiveTextsWithBatchSizeTwoMakeThreeRequestsAndKeepTheOrder() async throws {
        try await withLoopbackServer([
            .init("POST /v1/embeddings", Self.answeringByText(dimensions: 4)),
        ]) { server in
            let provider = try makeProvider(server) { $0.dimensions = 4; $0.batchSize = 2 }
            let texts = (0..<5).map { "text-\($0)" }
            let vectors = try await provider.embed(texts)
            #expect(vectors == (0..<5).map { EmbeddingFixtures.vector($0, dimensions: 4) })
            let inputs = try server.requests.map { try SentEmbeddingBody($0.body).input ?? [] }
            #expect(inputs == [["text-0", "text-1"], ["text-2", "text-3"], ["text-4"]])
        }
    }

    @Test func anEmptyInputMakesNoRequest() async throws {
        try await withLoopbackServer([
            .init("POST /v1/embeddings", Self.answeringByText(dimensions: 4)),
        ]) { server in
            let provider = try makeProvider(server) { $0.dimensions = 4 }
            #expect(try await provider.embed([]) == [])
            #expect(server.requests.isEmpty)
        }
    }

    @Test func aVectorOfTheWrongLengthIsATransportError() async throws {
        try await withLoopbackServer([
            .init("POST /v1/embeddings") { _ in .text(200, EmbeddingFixtures.openAIResponse(count: 2, dimensions: 3)) },
        ]) { server in
            let provider = try makeProvider(server) { $0.dimensions = 4 }
            let error = await embeddingError { () async throws(LLMError) in try await provider.embed(["a", "b"]) }
            guard case .transport(let name, let message) = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(name == "openai")
            #expect(message.contains("3 dimensions, expected 4"))
        }
    }

    @Test func aResponseWithTooFewEmbeddingsIsATransportError() async throws {
        try await withLoopbackServer([
            .init("POST /v1/embeddings") { _ in .text(200, EmbeddingFixtures.openAIResponse(count: 1, dimensions: 4)) },
        ]) { server in
            let provider = try makeProvider(server) { $0.dimensions = 4 }
            let error = await embeddingError { () async throws(LLMError) in try await provider.embed(["a", "b"]) }
            guard case .transport(_, let message) = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(message.contains("1 embeddings for 2 texts"))
        }
    }

    @Test func a401IsAnAuthenticationErrorWithoutTheKey() async throws {
        try await withLoopbackServer([
            .init("POST /v1/embeddings") { _ in .text(401, EmbeddingFixtures.openAIInvalidKey(echoing: testKey)) },
        ]) { server in
            let provider = try makeProvider(server)
            let error = try #require(await embeddingError { () async throws(LLMError) in try await provider.embed(["a"]) })
            guard case .authentication(let name, let message) = error else {
                Issue.record("expected an authentication error, got \(error)")
                return
            }
            #expect(name == "openai")
            #expect(message.contains("Incorrect API key provided"))
            expectNoKey(error)
            #expect(!provider.description.contains(testKey))
            var dumped = ""
            dump(provider, to: &dumped)
            #expect(!dumped.contains(testKey))
        }
    }

    @Test func a429WithRetryAfterIsRetriedThenSucceeds() async throws {
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("POST /v1/embeddings") { request in
                if calls.next() == 1 { return .text(429, EmbeddingFixtures.openAIRateLimited, headers: ["Retry-After": "0"]) }
                return try await Self.answeringByText(dimensions: 4)(request)
            },
        ]) { server in
            let provider = try makeProvider(server, policy: quickRetries) { $0.dimensions = 4 }
            let vectors = try await provider.embed(["text-7"])
            #expect(vectors == [EmbeddingFixtures.vector(7, dimensions: 4)])
            #expect(server.requests.count == 2)
        }
    }

    @Test func a429WithoutRetriesIsRateLimited() async throws {
        try await withLoopbackServer([
            .init("POST /v1/embeddings") { _ in .text(429, EmbeddingFixtures.openAIRateLimited, headers: ["Retry-After": "2"]) },
        ]) { server in
            let provider = try makeProvider(server) { $0.dimensions = 4 }
            let error = await embeddingError { () async throws(LLMError) in try await provider.embed(["a"]) }
            #expect(error == .rateLimited(provider: "openai", retryAfter: .seconds(2)))
        }
    }

    @Test func unknownModelsWithoutDimensionsAndNonPositiveBatchSizesAreMisconfigured() throws {
        #expect(throws: LLMError.self) {
            try OpenAIEmbeddingProvider(configuration: .init(model: "my-local-embedder"))
        }
        #expect(throws: LLMError.self) {
            try OpenAIEmbeddingProvider(configuration: .init(batchSize: 0))
        }
        #expect(try OpenAIEmbeddingProvider(configuration: .init(model: "text-embedding-3-large")).dimensions == 3072)
    }
    @Test func duplicateIndicesAreATransportError() async throws {
        let body = #"{"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [1, 2]}, {"object": "embedding", "index": 0, "embedding": [3, 4]}], "model": "m"}"#
        try await withLoopbackServer([
            .init("POST /v1/embeddings") { _ in .text(200, body) },
        ]) { server in
            let provider = try makeProvider(server) { $0.dimensions = 2 }
            let error = await embeddingError { () async throws(LLMError) in try await provider.embed(["a", "b"]) }
            guard case .transport(_, let message) = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(message.contains("indices are not 0..<2"))
        }
    }

    @Test func aFailingSecondBatchFailsTheCallAfterOneGoodBatch() async throws {
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("POST /v1/embeddings") { request in
                if calls.next() == 2 { return .text(500, #"{"error": {"message": "The server had an error", "type": "server_error", "param": null, "code": null}}"#) }
                return try await Self.answeringByText(dimensions: 2)(request)
            },
        ]) { server in
            let provider = try makeProvider(server) { $0.dimensions = 2; $0.batchSize = 1 }
            let error = await embeddingError { () async throws(LLMError) in try await provider.embed(["text-0", "text-1", "text-2"]) }
            #expect(error == .server(provider: "openai", status: 500, message: "The server had an error"))
            #expect(server.requests.count == 2)
        }
    }

    @Test func logsOfAFailedCallNeverContainTheKey() async throws {
        let store = LogCapture()
        try await withLoopbackServer([
            .init("POST /v1/embeddings") { _ in .text(401, EmbeddingFixtures.openAIInvalidKey(echoing: testKey)) },
        ]) { server in
            let provider = try OpenAIEmbeddingProvider(
                configuration: .init(baseURL: server.url("/v1"), apiKey: SecretValue(testKey)),
                transport: RetryingHTTPTransport(base: AsyncHTTPClientTransport(), policy: .none),
                logger: store.logger()
            )
            _ = await embeddingError { () async throws(LLMError) in try await provider.embed(["a"]) }
            #expect(!store.lines.isEmpty)
            #expect(store.lines.allSatisfy { !$0.contains(testKey) })
        }
    }
}
