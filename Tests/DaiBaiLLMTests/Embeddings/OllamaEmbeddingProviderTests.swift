import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import Testing

/// ``OllamaEmbeddingProvider`` over real HTTP against a loopback server speaking Ollama's API.
@Suite(.timeLimit(.minutes(10)))
struct OllamaEmbeddingProviderTests {
    /// A provider talking to `server`.
    func makeProvider(
        _ server: LoopbackHTTPServer,
        policy: RetryPolicy = .none,
        configure: (inout OllamaEmbeddingProvider.Configuration) -> Void = { _ in }
    ) throws -> OllamaEmbeddingProvider {
        var configuration = OllamaEmbeddingProvider.Configuration(baseURL: server.baseURL)
        configure(&configuration)
        return try OllamaEmbeddingProvider(configuration: configuration, transport: RetryingHTTPTransport(base: AsyncHTTPClientTransport(), policy: policy))
    }

    /// Answers each text `text-N` with vector N.
    static func answeringByText(dimensions: Int) -> LoopbackHTTPServer.Handler {
        { request in
            let input = try SentEmbeddingBody(request.body).input ?? []
            let vectors = input.map { text in
                EmbeddingFixtures.json(EmbeddingFixtures.vector(Int(text.split(separator: "-").last ?? "") ?? -1, dimensions: dimensions))
            }
            return .text(200, #"{"model": "nomic-embed-text", "embeddings": [\#(vectors.joined(separator: ","))]}"#)
        }
    }

    @Test func embedSendsTheExactRequestAndReadsTheEmbeddings() async throws {
        try await withLoopbackServer([
            .init("POST /api/embed") { _ in .text(200, EmbeddingFixtures.ollamaResponse(count: 2, dimensions: 768), headers: ["Content-Type": "application/json"]) },
        ]) { server in
            let provider = try makeProvider(server)
            #expect(provider.name == "ollama:nomic-embed-text")
            #expect(provider.dimensions == 768)
            let vectors = try await provider.embed(["customers", "orders"])
            #expect(vectors == (0..<2).map { EmbeddingFixtures.vector($0, dimensions: 768) })

            let request = try #require(server.requests.first)
            #expect(server.requests.count == 1)
            #expect(request.method == "POST")
            #expect(request.path == "/api/embed")
            #expect(request.query.isEmpty)
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Authorization") == nil)
            let body = try SentEmbeddingBody(request.body)
            #expect(body.keys == ["model", "input"])
            #expect(body.model == "nomic-embed-text")
            #expect(body.input == ["customers", "orders"])
        }
    }

    @Test func fiveTextsWithBatchSizeTwoMakeThreeRequestsAndKeepTheOrder() async throws {
        try await withLoopbackServer([
            .init("POST /api/embed", Self.answeringByText(dimensions: 3)),
        ]) { server in
            let provider = try makeProvider(server) { $0.model = "all-minilm"; $0.dimensions = 3; $0.batchSize = 2 }
            let vectors = try await provider.embed((0..<5).map { "text-\($0)" })
            #expect(vectors == (0..<5).map { EmbeddingFixtures.vector($0, dimensions: 3) })
            let inputs = try server.requests.map { try SentEmbeddingBody($0.body).input ?? [] }
            #expect(inputs == [["text-0", "text-1"], ["text-2", "text-3"], ["text-4"]])
            let models = try server.requests.map { try SentEmbeddingBody($0.body).model }
            #expect(models == ["all-minilm", "all-minilm", "all-minilm"])
        }
    }

    @Test func anEmptyInputMakesNoRequest() async throws {
        try await withLoopbackServer([
            .init("POST /api/embed", Self.answeringByText(dimensions: 3)),
        ]) { server in
            let provider = try makeProvider(server)
            let vectors = try await provider.embed([])
            #expect(vectors.isEmpty)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func aVectorOfTheWrongLengthIsATransportError() async throws {
        try await withLoopbackServer([
            .init("POST /api/embed") { _ in .text(200, EmbeddingFixtures.ollamaResponse(count: 1, dimensions: 1024)) },
        ]) { server in
            let provider = try makeProvider(server)
            let error = await embeddingError { () async throws(LLMError) in try await provider.embed(["a"]) }
            guard case .transport(_, let message) = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(message.contains("1024 dimensions, expected 768"))
        }
    }

    @Test func aModelThatWasNotPulledIsMisconfiguredAndNamesOllamaPull() async throws {
        try await withLoopbackServer([
            .init("POST /api/embed") { _ in .text(404, EmbeddingFixtures.ollamaModelNotFound) },
        ]) { server in
            let provider = try makeProvider(server)
            let error = await embeddingError { () async throws(LLMError) in try await provider.embed(["a"]) }
            guard case .misconfigured(let name, let message) = error else {
                Issue.record("expected a misconfigured error, got \(String(describing: error))")
                return
            }
            #expect(name == "ollama")
            #expect(message.contains("ollama pull nomic-embed-text"))
        }
    }

    @Test func a429IsRetriedThenSucceeds() async throws {
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("POST /api/embed") { request in
                if calls.next() == 1 { return .text(429, #"{"error":"too many requests"}"#, headers: ["Retry-After": "0"]) }
                return try await Self.answeringByText(dimensions: 3)(request)
            },
        ]) { server in
            let provider = try makeProvider(server, policy: quickRetries) { $0.dimensions = 3 }
            #expect(try await provider.embed(["text-2"]) == [EmbeddingFixtures.vector(2, dimensions: 3)])
            #expect(server.requests.count == 2)
        }
    }
    @Test func anErrorReportedWithA200IsAServerError() async throws {
        try await withLoopbackServer([
            .init("POST /api/embed") { _ in .text(200, #"{"error": "input length exceeds the context length"}"#) },
        ]) { server in
            let provider = try makeProvider(server)
            let error = await embeddingError { () async throws(LLMError) in try await provider.embed(["a"]) }
            #expect(error == .server(provider: "ollama", status: 200, message: "input length exceeds the context length"))
        }
    }
}
