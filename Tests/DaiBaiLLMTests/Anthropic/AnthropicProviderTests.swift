import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import HTTPTypes
import Synchronization
import Testing

/// `complete`, errors, model discovery and the factory, over real HTTP.
@Suite(.timeLimit(.minutes(10)))
struct AnthropicProviderTests {
    @Test func theRequestHasTheDocumentedPathHeadersAndBody() async throws {
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in .text(200, AnthropicFixtures.message, headers: ["Content-Type": "application/json"]) },
        ]) { server in
            let request = LLMRequest(
                messages: [
                    .system("You write SQL for SQLite."), .user("Schema: customers(id)"), .system("Answer with SQL only."),
                    .user("How many customers are there?"), .assistant("SELECT 1;"), .assistant("Sorry."), .user("Again."),
                ],
                temperature: 0, maxOutputTokens: 256, stopSequences: ["\n\n"]
            )
            _ = try await makeAnthropicProvider(server).complete(request)
            let sent = try #require(server.requests.first)
            #expect(sent.method == "POST")
            #expect(sent.path == "/v1/messages")
            #expect(sent.header("x-api-key") == testKey)
            #expect(sent.header("anthropic-version") == "2023-06-01")
            #expect(sent.header("content-type") == "application/json")
            #expect(sent.header("authorization") == nil)
            let body = try SentAnthropicRequest.parse(sent.body)
            #expect(body.model == "claude-3-5-sonnet-20241022")
            #expect(body.max_tokens == 256)
            #expect(body.system == "You write SQL for SQLite.\n\nAnswer with SQL only.")
            #expect(body.messages == [
                .init(role: "user", content: "Schema: customers(id)\n\nHow many customers are there?"),
                .init(role: "assistant", content: "SELECT 1;\n\nSorry."),
                .init(role: "user", content: "Again."),
            ])
            #expect(body.temperature == 0)
            #expect(body.stop_sequences == ["\n\n"])
            #expect(!body.keys.contains("stream"))
            #expect(body.keys == ["model", "max_tokens", "system", "messages", "temperature", "stop_sequences"])
        }
    }

    @Test func maxTokensDefaultsTo4096AndSystemIsOmittedWithoutSystemMessages() async throws {
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in .text(200, AnthropicFixtures.message) },
        ]) { server in
            _ = try await makeAnthropicProvider(server).complete(LLMRequest(messages: [.user("Hi")]))
            let body = try SentAnthropicRequest.parse(try #require(server.requests.first).body)
            #expect(body.max_tokens == 4096)
            #expect(!body.keys.contains("system"))
            #expect(!body.keys.contains("stop_sequences"))
        }
    }

    @Test func aCompleteRoundTripJoinsTextBlocksAndReportsUsage() async throws {
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in .text(200, AnthropicFixtures.message) },
        ]) { server in
            let response = try await makeAnthropicProvider(server).complete(sqlRequest)
            #expect(response.text == "SELECT COUNT(*) FROM customers;")
            #expect(response.usage == TokenUsage(inputTokens: 57, outputTokens: 9))
            #expect(response.finishReason == .stop)
            #expect(response.model == "claude-3-5-sonnet-20241022")
        }
    }

    @Test func maxTokensStopReasonIsLength() async throws {
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in .text(200, AnthropicFixtures.truncatedMessage) },
        ]) { server in
            let response = try await makeAnthropicProvider(server).complete(sqlRequest)
            #expect(response.finishReason == .length)
        }
    }

    @Test func overloaded529IsRetriedThenSucceeds() async throws {
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in
                calls.next() == 1 ? .text(529, AnthropicFixtures.overloaded) : .text(200, AnthropicFixtures.message)
            },
        ]) { server in
            let response = try await makeAnthropicProvider(server, policy: quickRetries).complete(sqlRequest)
            #expect(response.text == "SELECT COUNT(*) FROM customers;")
            #expect(server.requests.count == 2)
        }
    }

    @Test func a401IsAnAuthenticationErrorWithoutTheKey() async throws {
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in .text(401, AnthropicFixtures.invalidAPIKey(echoing: testKey)) },
        ]) { server in
            let provider = try makeAnthropicProvider(server)
            let error = await #expect(throws: LLMError.self) { try await provider.complete(sqlRequest) }
            guard case .authentication(_, let message) = error else {
                Issue.record("expected authentication, got \(String(describing: error))")
                return
            }
            #expect(!message.contains(testKey))
            #expect(!String(describing: error).contains(testKey))
            #expect(!provider.description.contains(testKey))
            #expect(!String(reflecting: provider).contains(testKey))
        }
    }

    @Test(arguments: [
        (400, AnthropicFixtures.promptTooLong, "context"),
        (413, AnthropicFixtures.requestTooLarge, "context"),
        (403, AnthropicFixtures.permission, "permission"),
        (404, AnthropicFixtures.notFound, "misconfigured"),
        (429, AnthropicFixtures.rateLimited, "rate"),
        (529, AnthropicFixtures.overloaded, "overloaded"),
        (500, AnthropicFixtures.apiError, "server"),
    ])
    func documentedErrorsAreMapped(status: Int, body: String, expected: String) async throws {
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in .text(status, body, headers: ["retry-after": "7"]) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await makeAnthropicProvider(server).complete(sqlRequest) }
            switch (expected, error) {
            case ("context", .contextLengthExceeded?), ("permission", .permissionDenied?), ("misconfigured", .misconfigured?),
                 ("overloaded", .overloaded?), ("server", .server?):
                break
            case ("rate", .rateLimited(_, let after)?):
                #expect(after == .seconds(7))
            default:
                Issue.record("HTTP \(status): expected \(expected), got \(String(describing: error))")
            }
        }
    }

    @Test func listModelsReadsTheModelsEndpoint() async throws {
        try await withLoopbackServer([
            .init("GET /v1/models") { _ in .text(200, AnthropicFixtures.models) },
        ]) { server in
            let models = try await makeAnthropicProvider(server).listModels()
            #expect(models == ["claude-3-5-haiku-20241022", "claude-3-5-sonnet-20241022"])
            let sent = try #require(server.requests.first)
            #expect(sent.header("x-api-key") == testKey)
            #expect(sent.header("anthropic-version") == "2023-06-01")
        }
    }

    @Test func theFactoryRequiresAKeyAndUsesTheDefaults() throws {
        let missing = #expect(throws: ConfigurationError.self) {
            try LLMProviderRegistry.anthropicFactory(LLMProviderSettings(name: "claude", type: "anthropic"), LLMProviderContext())
        }
        #expect(missing?.settingKey == "llm.providers.claude.api_key")
        #expect(String(describing: missing).contains("ANTHROPIC_API_KEY"))

        let badEndpoint = #expect(throws: ConfigurationError.self) {
            try LLMProviderRegistry.anthropicFactory(
                LLMProviderSettings(name: "claude", type: "anthropic", apiKey: SecretValue(testKey), endpoint: "ftp://example.com"), LLMProviderContext()
            )
        }
        #expect(badEndpoint?.settingKey == "llm.providers.claude.endpoint")

        let badTemperature = #expect(throws: ConfigurationError.self) {
            try LLMProviderRegistry.anthropicFactory(
                LLMProviderSettings(name: "claude", type: "anthropic", apiKey: SecretValue(testKey), temperature: 1.5), LLMProviderContext()
            )
        }
        #expect(badTemperature?.settingKey == "llm.providers.claude.temperature")

        let provider = try LLMProviderRegistry.anthropicFactory(
            LLMProviderSettings(name: "claude", type: "anthropic", apiKey: SecretValue(testKey)), LLMProviderContext()
        )
        #expect(provider.model == "claude-3-5-sonnet-20241022")
        #expect(provider.name == "claude")
        #expect(!String(describing: provider).contains(testKey))
        let anthropic = try #require(provider as? AnthropicProvider)
        #expect(anthropic.endpoint.description == "https://api.anthropic.com")

        var registry = LLMProviderRegistry()
        LLMProviderRegistry.registerAnthropic(in: &registry)
        #expect(registry.registeredTypes == ["anthropic"])
    }

    @Test func extraHeadersCannotReplaceTheKeyOrVersionHeaders() async throws {
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in .text(200, AnthropicFixtures.message) },
        ]) { server in
            let provider = try makeAnthropicProvider(server) { configuration in
                if let name = HTTPField.Name("x-api-key") { configuration.extraHeaders[name] = "other" }
            }
            _ = try await provider.complete(sqlRequest)
            let sent = try #require(server.requests.first)
            #expect(sent.header("x-api-key") == testKey)
            #expect(sent.header("anthropic-version") == "2023-06-01")
        }
    }
}
