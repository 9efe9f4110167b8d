import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import DaiBaiTesting
import Foundation
import Testing

/// ``AzureOpenAIEmbeddingProvider`` over real HTTP against a loopback server speaking Azure OpenAI.
@Suite(.timeLimit(.minutes(10)))
struct AzureOpenAIEmbeddingProviderTests {
    static let path = "/openai/deployments/embed-small/embeddings"
    static let entraToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.ENTRA-EMBED-LEAK-token"

    /// A provider talking to `server`.
    func makeProvider(
        _ server: LoopbackHTTPServer,
        apiKey: String? = testKey,
        credential: (any TokenCredential)? = nil,
        policy: RetryPolicy = .none,
        configure: (inout AzureOpenAIEmbeddingProvider.Configuration) -> Void = { _ in }
    ) throws -> AzureOpenAIEmbeddingProvider {
        var configuration = AzureOpenAIEmbeddingProvider.Configuration(
            endpoint: server.baseURL, deployment: "embed-small", apiKey: apiKey.map(SecretValue.init)
        )
        configure(&configuration)
        return try AzureOpenAIEmbeddingProvider(
            configuration: configuration, credential: credential, transport: RetryingHTTPTransport(base: AsyncHTTPClientTransport(), policy: policy)
        )
    }

    @Test func embedSendsTheExactRequestWithTheApiKeyAndRestoresTheOrder() async throws {
        try await withLoopbackServer([
            .init("POST \(Self.path)") { _ in .text(200, EmbeddingFixtures.openAIResponse(count: 3, dimensions: 1536, reversed: true)) },
        ]) { server in
            let provider = try makeProvider(server)
            #expect(provider.name == "azure:embed-small")
            #expect(provider.dimensions == 1536)
            let vectors = try await provider.embed(["customers", "orders", "invoices"])
            #expect(vectors == (0..<3).map { EmbeddingFixtures.vector($0, dimensions: 1536) })

            let request = try #require(server.requests.first)
            #expect(server.requests.count == 1)
            #expect(request.method == "POST")
            #expect(request.path == Self.path)
            #expect(request.queryValue("api-version") == AzureOpenAIProvider.Configuration.defaultAPIVersion)
            #expect(request.query.count == 1)
            #expect(request.header("api-key") == testKey)
            #expect(request.header("Authorization") == nil)
            #expect(request.header("Content-Type") == "application/json")
            let body = try SentEmbeddingBody(request.body)
            #expect(body.keys == ["input", "encoding_format"])
            #expect(body.input == ["customers", "orders", "invoices"])
            #expect(body.object["encoding_format"] as? String == "float")
        }
    }

    @Test func withoutAKeyAnEntraTokenIsSentAndDimensionsWhenConfigured() async throws {
        try await withLoopbackServer([
            .init("POST \(Self.path)") { _ in .text(200, EmbeddingFixtures.openAIResponse(count: 1, dimensions: 256)) },
        ]) { server in
            let provider = try makeProvider(server, apiKey: nil, credential: StaticTokenCredential(token: Self.entraToken)) {
                $0.dimensions = 256
                $0.sendsDimensions = true
                $0.apiVersion = "2024-06-01"
            }
            let vectors = try await provider.embed(["customers"])
            #expect(vectors == [EmbeddingFixtures.vector(0, dimensions: 256)])
            let request = try #require(server.requests.first)
            #expect(request.header("Authorization") == "Bearer \(Self.entraToken)")
            #expect(request.header("api-key") == nil)
            #expect(request.queryValue("api-version") == "2024-06-01")
            #expect(try SentEmbeddingBody(request.body).object["dimensions"] as? Int == 256)
            #expect(!provider.description.contains(Self.entraToken))
        }
    }

    @Test func fiveTextsWithBatchSizeTwoMakeThreeRequestsAndKeepTheOrder() async throws {
        try await withLoopbackServer([
            .init("POST \(Self.path)") { request in
                let input = try SentEmbeddingBody(request.body).input ?? []
                let first = Int(input.first?.split(separator: "-").last ?? "") ?? -1
                return .text(200, EmbeddingFixtures.openAIResponse(count: input.count, offset: first, dimensions: 4, reversed: true))
            },
        ]) { server in
            let provider = try makeProvider(server) { $0.dimensions = 4; $0.batchSize = 2 }
            let vectors = try await provider.embed((0..<5).map { "text-\($0)" })
            #expect(vectors == (0..<5).map { EmbeddingFixtures.vector($0, dimensions: 4) })
            let inputs = try server.requests.map { try SentEmbeddingBody($0.body).input ?? [] }
            #expect(inputs == [["text-0", "text-1"], ["text-2", "text-3"], ["text-4"]])
        }
    }

    @Test func anEmptyInputMakesNoRequestAndFetchesNoToken() async throws {
        try await withLoopbackServer([
            .init("POST \(Self.path)") { _ in .text(500, "") },
        ]) { server in
            let credential = FailingTokenCredential(credential: "ManagedIdentityCredential", reason: "no identity endpoint")
            let provider = try makeProvider(server, apiKey: nil, credential: credential)
            let vectors = try await provider.embed([])
            #expect(vectors.isEmpty)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func aVectorOfTheWrongLengthIsATransportError() async throws {
        try await withLoopbackServer([
            .init("POST \(Self.path)") { _ in .text(200, EmbeddingFixtures.openAIResponse(count: 1, dimensions: 3072)) },
        ]) { server in
            let provider = try makeProvider(server)
            let error = await embeddingError { () async throws(LLMError) in try await provider.embed(["a"]) }
            guard case .transport(_, let message) = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(message.contains("3072 dimensions, expected 1536"))
        }
    }

    @Test func a401IsAnAuthenticationErrorWithoutTheKey() async throws {
        try await withLoopbackServer([
            .init("POST \(Self.path)") { _ in .text(401, EmbeddingFixtures.openAIInvalidKey(echoing: testKey)) },
        ]) { server in
            let provider = try makeProvider(server)
            let error = try #require(await embeddingError { () async throws(LLMError) in try await provider.embed(["a"]) })
            guard case .authentication(let name, _) = error else {
                Issue.record("expected an authentication error, got \(error)")
                return
            }
            #expect(name == "azure")
            expectNoKey(error)
            var dumped = ""
            dump(provider, to: &dumped)
            #expect(!dumped.contains(testKey))
        }
    }

    @Test func a429IsRetriedThenSucceeds() async throws {
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("POST \(Self.path)") { _ in
                if calls.next() == 1 { return .text(429, EmbeddingFixtures.openAIRateLimited, headers: ["Retry-After": "0"]) }
                return .text(200, EmbeddingFixtures.openAIResponse(count: 1, dimensions: 1536))
            },
        ]) { server in
            let provider = try makeProvider(server, policy: quickRetries)
            let vectors = try await provider.embed(["a"])
            #expect(vectors.count == 1)
            #expect(server.requests.count == 2)
        }
    }

    @Test func neitherKeyNorCredentialIsMisconfigured() throws {
        #expect(throws: LLMError.self) {
            try AzureOpenAIEmbeddingProvider(configuration: .init(endpoint: "https://res.openai.azure.com", deployment: "embed-small"))
        }
        #expect(throws: LLMError.self) {
            try AzureOpenAIEmbeddingProvider(configuration: .init(endpoint: "https://res.openai.azure.com", deployment: "../x", apiKey: SecretValue(testKey)))
        }
    }
}
