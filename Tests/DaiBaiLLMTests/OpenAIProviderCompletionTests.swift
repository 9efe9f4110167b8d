import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import Logging
import Testing

/// `complete` over real HTTP against a loopback server.
@Suite(.timeLimit(.minutes(10)))
struct OpenAIProviderCompletionTests {
    @Test func aCompletionRoundTripSendsTheExactRequestAndReadsTextUsageAndFinishReason() async throws {
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in .text(200, ChatCompletionFixtures.completion, headers: ["Content-Type": "application/json"]) },
        ]) { server in
            let provider = try makeProvider(server)
            let response = try await provider.complete(sqlRequest)

            #expect(response.text == "```sql\nSELECT COUNT(*) FROM customers;\n```")
            #expect(response.usage == TokenUsage(inputTokens: 57, outputTokens: 12))
            #expect(response.finishReason == .stop)
            #expect(response.model == "gpt-4o-2024-08-06")

            let requests = server.requests
            try #require(requests.count == 1)
            let request = requests[0]
            #expect(request.method == "POST")
            #expect(request.path == "/v1/chat/completions")
            #expect(request.header("Authorization") == "Bearer \(testKey)")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Accept") == "application/json")
            let body = try SentChatRequest.parse(request.body)
            #expect(body.model == "gpt-4o")
            #expect(body.messages == [
                .init(role: "system", content: "You write SQL for SQLite."),
                .init(role: "user", content: "How many customers are there?"),
            ])
            #expect(body.temperature == 0)
            #expect(body.max_tokens == 4096)
            #expect(body.keys == ["model", "messages", "temperature", "max_tokens"])
        }
    }

    @Test func reasoningModelsGetMaxCompletionTokensAndNoTemperature() async throws {
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in .text(200, ChatCompletionFixtures.truncatedCompletion) },
        ]) { server in
            let provider = try makeProvider(server, model: "o3-mini")
            let request = LLMRequest(messages: [.user("List the customers")], maxOutputTokens: 16, stopSequences: [";"])
            let response = try await provider.complete(request)
            #expect(response.finishReason == .length)
            #expect(response.text == "SELECT name FROM")

            let body = try SentChatRequest.parse(try #require(server.requests.first).body)
            #expect(body.max_completion_tokens == 16)
            #expect(body.stop == [";"])
            #expect(!body.keys.contains("max_tokens"))
            #expect(!body.keys.contains("temperature"))
        }
    }

    @Test func theConfiguredTemperatureAndOrganizationAreSent() async throws {
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in .text(200, ChatCompletionFixtures.completion) },
        ]) { server in
            let provider = try makeProvider(server) { configuration in
                configuration.temperature = 0.3
                configuration.organization = "org-test"
                configuration.extraHeaders = [.authorization: "Bearer other", .init("X-Gateway")!: "route-a"]
            }
            _ = try await provider.complete(sqlRequest)
            let request = try #require(server.requests.first)
            #expect(try SentChatRequest.parse(request.body).temperature == 0.3)
            #expect(request.header("OpenAI-Organization") == "org-test")
            #expect(request.header("X-Gateway") == "route-a")
            #expect(request.header("Authorization") == "Bearer \(testKey)")
        }
    }

    @Test func a429WithRetryAfterZeroIsRetriedThroughTheTransportThenSucceeds() async throws {
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in
                calls.next() == 1
                    ? .text(429, ErrorFixtures.rateLimited, headers: ["Retry-After": "0", "Content-Type": "application/json"])
                    : .text(200, ChatCompletionFixtures.completion)
            },
        ]) { server in
            let provider = try makeProvider(server, policy: quickRetries)
            let response = try await provider.complete(sqlRequest)
            #expect(response.usage?.totalTokens == 69)
            let requests = server.requests
            #expect(requests.count == 2)
            #expect(requests.map(\.body).allSatisfy { $0 == requests[0].body })
            #expect(requests.allSatisfy { $0.header("Authorization") == "Bearer \(testKey)" })
        }
    }

    @Test func a429WithoutRetriesLeftIsRateLimitedWithTheServersHint() async throws {
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in .text(429, ErrorFixtures.rateLimited, headers: ["Retry-After": "7"]) },
        ]) { server in
            let provider = try makeProvider(server)
            await #expect(throws: LLMError.rateLimited(provider: "openai", retryAfter: .seconds(7))) {
                try await provider.complete(sqlRequest)
            }
        }
    }

    @Test func a401IsAnAuthenticationErrorWithTheServersMessageButNotTheKey() async throws {
        let logs = LogCapture()
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in .text(401, ErrorFixtures.invalidAPIKey(echoing: testKey)) },
        ]) { server in
            let provider = try makeProvider(server, logger: logs.logger())
            let error = await #expect(throws: LLMError.self) { try await provider.complete(sqlRequest) }
            guard case .authentication(let name, let message) = error else {
                Issue.record("expected authentication, got \(String(describing: error))")
                return
            }
            #expect(name == "openai")
            #expect(message.contains("Incorrect API key provided"))
            #expect(message.contains("code invalid_api_key"))
            for text in [message, String(describing: error), String(reflecting: error)] {
                #expect(!text.contains(testKey))
                #expect(!text.contains("0123456789abcdef"))
            }
        }
        #expect(!logs.lines.isEmpty)
        #expect(logs.lines.allSatisfy { !$0.contains(testKey) })
    }

    @Test func contextLengthExceededIsRecognisedByItsCode() async throws {
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in .text(400, ErrorFixtures.contextLengthExceeded) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await makeProvider(server).complete(sqlRequest) }
            guard case .contextLengthExceeded(_, let message) = error else {
                Issue.record("expected contextLengthExceeded, got \(String(describing: error))")
                return
            }
            #expect(message.contains("maximum context length is 128000 tokens"))
        }
    }

    @Test func anUnknownModelIsAMisconfigurationNamingTheSettings() async throws {
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in .text(404, ErrorFixtures.modelNotFound) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await makeProvider(server, model: "gpt-9").complete(sqlRequest) }
            guard case .misconfigured(_, let message) = error else {
                Issue.record("expected misconfigured, got \(String(describing: error))")
                return
            }
            #expect(message.contains("'gpt-9'"))
            #expect(message.contains("llm.providers.openai.model"))
        }
    }

    @Test func aServerErrorIsReportedAfterTheRetriesWithItsStatus() async throws {
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in .text(503, ErrorFixtures.serverError) },
        ]) { server in
            let provider = try makeProvider(server, policy: quickRetries)
            let error = await #expect(throws: LLMError.self) { try await provider.complete(sqlRequest) }
            guard case .server(_, let status, let message) = error else {
                Issue.record("expected server, got \(String(describing: error))")
                return
            }
            #expect(status == 503)
            #expect(message.contains("The server had an error"))
            #expect(server.requests.count == 3)
        }
    }

    @Test func aMalformedBodyIsATransportError() async throws {
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in .text(200, "<html>gateway</html>") },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await makeProvider(server).complete(sqlRequest) }
            guard case .transport(_, let message) = error else {
                Issue.record("expected transport, got \(String(describing: error))")
                return
            }
            #expect(message.contains("chat completion response"))
        }
    }

    @Test func modelsAreListedFromGetModels() async throws {
        try await withLoopbackServer([
            .init("GET /v1/models") { _ in .text(200, ChatCompletionFixtures.modelList) },
        ]) { server in
            let models = try await makeProvider(server).listModels()
            #expect(models == ["gpt-4o", "gpt-4o-mini", "o3-mini"])
            let request = try #require(server.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/v1/models")
            #expect(request.header("Authorization") == "Bearer \(testKey)")
            #expect(request.body.isEmpty)
        }
    }

    @Test func aServerWithoutKeyGetsNoAuthorizationHeader() async throws {
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in .text(200, ChatCompletionFixtures.completion) },
        ]) { server in
            _ = try await makeProvider(server, apiKey: nil).complete(sqlRequest)
            #expect(try #require(server.requests.first).header("Authorization") == nil)
        }
    }
}
