import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import DaiBaiTesting
import Foundation
import HTTPTypes
import Logging
import Synchronization
import Testing

/// ``AzureOpenAIProvider`` over real HTTP against a loopback server speaking Azure OpenAI.
@Suite(.timeLimit(.minutes(10)))
struct AzureOpenAIProviderTests {
    static let sseHeaders = ["Content-Type": "text/event-stream"]
    /// The Entra token of the bearer tests; it must never appear in errors.
    static let entraToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.ENTRA-LEAK-token"

    @Test func completeSendsTheExactRequestWithTheAPIKeyHeader() async throws {
        try await withLoopbackServer([
            .init("POST \(AzureOpenAIFixtures.chatPath)") { _ in .text(200, AzureOpenAIFixtures.completion) },
        ]) { server in
            let response = try await makeAzureProvider(server).complete(sqlRequest)
            #expect(response.text == "SELECT COUNT(*) FROM customers;")
            #expect(response.usage == TokenUsage(inputTokens: 31, outputTokens: 9))
            #expect(response.finishReason == .stop)
            #expect(response.model == "gpt-4o-2024-08-06")

            let request = try #require(server.requests.first)
            #expect(server.requests.count == 1)
            #expect(request.method == "POST")
            #expect(request.path == "/openai/deployments/gpt4o-prod/chat/completions")
            #expect(request.query.map(\.name) == ["api-version"])
            #expect(request.queryValue("api-version") == "2024-10-21")
            #expect(request.header("api-key") == testKey)
            #expect(request.header("Authorization") == nil)
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Accept") == "application/json")
            let body = try SentChatRequest.parse(request.body)
            #expect(body.keys == ["model", "messages", "temperature", "max_tokens"])
            #expect(body.model == "gpt4o-prod")
            #expect(body.temperature == 0)
            #expect(body.max_tokens == 4096)
            #expect(body.messages == [
                .init(role: "system", content: "You write SQL for SQLite."),
                .init(role: "user", content: "How many customers are there?"),
            ])
        }
    }

    @Test func theConfiguredAPIVersionIsSent() async throws {
        try await withLoopbackServer([
            .init("POST \(AzureOpenAIFixtures.chatPath)") { _ in .text(200, AzureOpenAIFixtures.completion) },
        ]) { server in
            _ = try await makeAzureProvider(server) { $0.apiVersion = "2025-01-01-preview" }.complete(sqlRequest)
            #expect(try #require(server.requests.first).queryValue("api-version") == "2025-01-01-preview")
        }
    }

    @Test func withoutAKeyAnEntraTokenForTheCognitiveServicesScopeIsSent() async throws {
        let credential = StaticTokenCredential(token: Self.entraToken)
        try await withLoopbackServer([
            .init("POST \(AzureOpenAIFixtures.chatPath)") { _ in .text(200, AzureOpenAIFixtures.completion) },
        ]) { server in
            let provider = try makeAzureProvider(server, credential: credential)
            _ = try await provider.complete(sqlRequest)
            let request = try #require(server.requests.first)
            #expect(request.header("Authorization") == "Bearer \(Self.entraToken)")
            #expect(request.header("api-key") == nil)
            #expect(credential.requests == [TokenRequest(scopes: ["https://cognitiveservices.azure.com/.default"])])
            for text in [String(describing: provider), String(reflecting: provider)] {
                #expect(!text.contains(Self.entraToken))
            }
        }
    }

    @Test func aRefusedTokenNeverAppearsInTheError() async throws {
        let credential = StaticTokenCredential(token: Self.entraToken)
        try await withLoopbackServer([
            .init("POST \(AzureOpenAIFixtures.chatPath)") { _ in .text(401, AzureOpenAIFixtures.unauthorized(echoing: "Bearer \(Self.entraToken) and \(Self.entraToken)")) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await makeAzureProvider(server, credential: credential).complete(sqlRequest) }
            guard case .authentication(_, let message) = error else {
                Issue.record("expected authentication, got \(String(describing: error))")
                return
            }
            #expect(message.contains("Access denied"))
            for text in [message, String(describing: error), String(reflecting: error)] {
                #expect(!text.contains(Self.entraToken))
                #expect(!text.contains("ENTRA-LEAK"))
            }
        }
    }

    @Test func aRefusedKeyNeverAppearsInTheErrorOrTheLogs() async throws {
        let logs = LogCapture()
        let logger = logs.logger()
        try await withLoopbackServer([
            .init("POST \(AzureOpenAIFixtures.chatPath)") { _ in .text(401, AzureOpenAIFixtures.unauthorized(echoing: testKey)) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await makeAzureProvider(server, logger: logger).complete(sqlRequest) }
            #expect(!logs.lines.isEmpty)
            #expect(logs.lines.allSatisfy { !$0.contains(testKey) })
            guard case .authentication = error else {
                Issue.record("expected authentication, got \(String(describing: error))")
                return
            }
            #expect(!String(describing: error).contains(testKey))
        }
    }

    @Test func aCredentialFailureIsAnAuthenticationErrorAndNothingIsSent() async throws {
        let credential = FailingTokenCredential(credential: "ManagedIdentityCredential", reason: "no identity endpoint")
        try await withLoopbackServer([
            .init("POST \(AzureOpenAIFixtures.chatPath)") { _ in .text(200, AzureOpenAIFixtures.completion) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await makeAzureProvider(server, credential: credential).complete(sqlRequest) }
            guard case .authentication(_, let message) = error else {
                Issue.record("expected authentication, got \(String(describing: error))")
                return
            }
            #expect(message.contains("ManagedIdentityCredential"))
            #expect(server.requests.isEmpty)
        }
    }

    @Test func aFilteredOutputIsContentFiltered() async throws {
        try await withLoopbackServer([
            .init("POST \(AzureOpenAIFixtures.chatPath)") { _ in .text(200, AzureOpenAIFixtures.filteredCompletion) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await makeAzureProvider(server).complete(sqlRequest) }
            guard case .contentFiltered(let name, let message) = error else {
                Issue.record("expected contentFiltered, got \(String(describing: error))")
                return
            }
            #expect(name == "azure")
            #expect(message.contains("content_filter"))
        }
    }

    @Test func aFilteredPromptIsContentFiltered() async throws {
        try await withLoopbackServer([
            .init("POST \(AzureOpenAIFixtures.chatPath)") { _ in .text(400, AzureOpenAIFixtures.promptFiltered) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await makeAzureProvider(server).complete(sqlRequest) }
            guard case .contentFiltered(_, let message) = error else {
                Issue.record("expected contentFiltered, got \(String(describing: error))")
                return
            }
            #expect(message.contains("content management policy"))
        }
    }

    @Test func anUnknownDeploymentIsAMisconfigurationNamingTheSettings() async throws {
        try await withLoopbackServer([
            .init("POST \(AzureOpenAIFixtures.chatPath)") { _ in .text(404, AzureOpenAIFixtures.deploymentNotFound) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await makeAzureProvider(server).complete(sqlRequest) }
            guard case .misconfigured(_, let message) = error else {
                Issue.record("expected misconfigured, got \(String(describing: error))")
                return
            }
            #expect(message.contains("'gpt4o-prod'"))
            #expect(message.contains("llm.providers.azure.model"))
            #expect(message.contains("DeploymentNotFound"))
        }
    }

    @Test func a429IsRateLimitedWithItsRetryAfter() async throws {
        try await withLoopbackServer([
            .init("POST \(AzureOpenAIFixtures.chatPath)") { _ in .text(429, AzureOpenAIFixtures.rateLimited, headers: ["Retry-After": "7"]) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await makeAzureProvider(server).complete(sqlRequest) }
            #expect(error == .rateLimited(provider: "azure", retryAfter: .seconds(7)))
        }
    }

    @Test func theFirstDeltaArrivesBeforeTheServerSendsTheRest() async throws {
        let clientHasFirstDelta = TestSignal()
        let serverSawSignalBeforeTheRest = Mutex<Bool?>(nil)
        try await withLoopbackServer([
            .init("POST \(AzureOpenAIFixtures.chatPath)") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    for chunk in AzureOpenAIFixtures.streamTranscript.prefix(3) { writer.write(chunk) }
                    let signalled = await clientHasFirstDelta.wait(timeout: TestPatience.safetyNet)
                    serverSawSignalBeforeTheRest.withLock { $0 = signalled }
                    for chunk in AzureOpenAIFixtures.streamTranscript.dropFirst(3) { writer.write(chunk) }
                }
            },
        ]) { server in
            var events: [LLMStreamEvent] = []
            for try await event in try makeAzureProvider(server).stream(sqlRequest) {
                if case .textDelta = event, !clientHasFirstDelta.isFired {
                    #expect(serverSawSignalBeforeTheRest.withLock { $0 } == nil, "the server must still be waiting")
                    clientHasFirstDelta.fire()
                }
                events.append(event)
            }
            #expect(serverSawSignalBeforeTheRest.withLock { $0 } == true)
            #expect(events == [
                .textDelta("SELECT"), .textDelta(" COUNT(*)"), .textDelta(" FROM customers;"),
                .usage(TokenUsage(inputTokens: 31, outputTokens: 9)), .finished(.stop),
            ])
            let request = try #require(server.requests.first)
            #expect(request.path == AzureOpenAIFixtures.chatPath)
            #expect(request.queryValue("api-version") == "2024-10-21")
            #expect(request.header("Accept") == "text/event-stream")
            #expect(request.header("api-key") == testKey)
            let body = try SentChatRequest.parse(request.body)
            #expect(body.stream == true)
            #expect(body.stream_options == .init(include_usage: true))
        }
    }

    @Test func theBearerPathStreamsToo() async throws {
        let credential = StaticTokenCredential(token: Self.entraToken)
        try await withLoopbackServer([
            .init("POST \(AzureOpenAIFixtures.chatPath)") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    for chunk in AzureOpenAIFixtures.streamTranscript { writer.write(chunk) }
                }
            },
        ]) { server in
            let events = try await collect(try makeAzureProvider(server, credential: credential).stream(sqlRequest))
            #expect(events.last == .finished(.stop))
            #expect(try #require(server.requests.first).header("Authorization") == "Bearer \(Self.entraToken)")
            #expect(credential.callCount == 1)
        }
    }

    @Test func aStreamStoppedByTheContentFilterFailsAfterTheTextBeforeIt() async throws {
        try await withLoopbackServer([
            .init("POST \(AzureOpenAIFixtures.chatPath)") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    for chunk in [AzureOpenAIFixtures.promptFilterChunk, AzureOpenAIFixtures.roleChunk, AzureOpenAIFixtures.contentChunk("SELECT"),
                                  AzureOpenAIFixtures.finishChunk("content_filter"), AzureOpenAIFixtures.done] {
                        writer.write(chunk)
                    }
                }
            },
        ]) { server in
            var deltas: [String] = []
            let error = await #expect(throws: LLMError.self) {
                for try await event in try makeAzureProvider(server).stream(sqlRequest) {
                    if case .textDelta(let text) = event { deltas.append(text) }
                }
            }
            #expect(deltas == ["SELECT"])
            guard case .contentFiltered = error else {
                Issue.record("expected contentFiltered, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func cancellingTheConsumerStopsTheStreamAtOnce() async throws {
        let serverStreamEnded = TestSignal()
        try await withLoopbackServer([
            .init("POST \(AzureOpenAIFixtures.chatPath)") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    defer { serverStreamEnded.fire() }
                    writer.write(AzureOpenAIFixtures.roleChunk)
                    writer.write(AzureOpenAIFixtures.contentChunk("SELECT"))
                    while !Task.isCancelled {
                        writer.write(": keep-alive\n\n")
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
            },
        ]) { server in
            let result = await consumeFirstDeltaThenCancel(try makeAzureProvider(server).stream(sqlRequest))
            if case .success(let count) = result { #expect(count == 1) }
            #expect(await serverStreamEnded.wait(timeout: TestPatience.safetyNet))
        }
    }

    @Test func neitherKeyNorCredentialIsAMisconfiguration() throws {
        let configuration = AzureOpenAIProvider.Configuration(endpoint: "https://myres.openai.azure.com", deployment: "gpt4o-prod")
        let error = #expect(throws: LLMError.self) { try AzureOpenAIProvider(configuration: configuration) }
        guard case .misconfigured = error else {
            Issue.record("expected misconfigured, got \(String(describing: error))")
            return
        }
    }

    @Test func theDescriptionAndDumpNeverShowTheKey() throws {
        let provider = try AzureOpenAIProvider(
            configuration: .init(endpoint: "https://myres.openai.azure.com", deployment: "gpt4o-prod", apiKey: SecretValue(testKey))
        )
        var dumped = ""
        dump(provider, to: &dumped)
        for text in [String(describing: provider), String(reflecting: provider), dumped, String(describing: provider.configuration)] {
            #expect(!text.contains(testKey))
        }
    }
}

/// Building ``AzureOpenAIProvider`` from `llm.providers.<name>` settings.
@Suite
struct AzureOpenAIFactoryTests {
    @Test func theFactoryCallsTheDeploymentAtTheEndpointWithTheKey() async throws {
        let transport = FakeHTTPTransport { _ throws(HTTPTransportError) in .status(.ok, body: AzureOpenAIFixtures.completion) }
        let settings = LLMProviderSettings(name: "azure", type: "azure", model: "gpt4o-prod", apiKey: SecretValue(testKey), endpoint: "https://myres.openai.azure.com/")
        let provider = try LLMProviderRegistry.azureOpenAIFactory(settings, LLMProviderContext(transport: transport))
        #expect(provider.name == "azure")
        #expect(provider.model == "gpt4o-prod")
        _ = try await provider.complete(sqlRequest)
        let request = try #require(transport.requests.first)
        #expect(request.head.scheme == "https")
        #expect(request.head.authority == "myres.openai.azure.com")
        #expect(request.head.path == "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21")
        #expect(request.head.headerFields[try #require(HTTPField.Name("api-key"))] == testKey)
    }

    @Test func theFactoryUsesTheConfiguredAPIVersion() async throws {
        let transport = FakeHTTPTransport { _ throws(HTTPTransportError) in .status(.ok, body: AzureOpenAIFixtures.completion) }
        let settings = LLMProviderSettings(name: "az", type: "azure", model: "gpt4o-prod", apiKey: SecretValue(testKey), endpoint: "https://myres.openai.azure.com", apiVersion: "2024-06-01")
        _ = try await LLMProviderRegistry.azureOpenAIFactory(settings, LLMProviderContext(transport: transport)).complete(sqlRequest)
        #expect(try #require(transport.requests.first).head.path == "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-06-01")
    }

    @Test(arguments: [
        (LLMProviderSettings(name: "az", type: "azure", model: "gpt4o-prod", apiKey: SecretValue(testKey)), "llm.providers.az.endpoint", true),
        (LLMProviderSettings(name: "az", type: "azure", apiKey: SecretValue(testKey), endpoint: "https://myres.openai.azure.com"), "llm.providers.az.model", true),
        (LLMProviderSettings(name: "az", type: "azure", model: "gpt4o-prod", endpoint: "https://myres.openai.azure.com"), "llm.providers.az.api_key", true),
        (LLMProviderSettings(name: "az", type: "azure", model: "gpt4o-prod", apiKey: SecretValue(testKey), endpoint: "myres.openai.azure.com"), "llm.providers.az.endpoint", false),
        (LLMProviderSettings(name: "az", type: "azure", model: "../evil", apiKey: SecretValue(testKey), endpoint: "https://myres.openai.azure.com"), "llm.providers.az.model", false),
        (LLMProviderSettings(name: "az", type: "azure", model: "gpt4o-prod", apiKey: SecretValue(testKey), endpoint: "https://myres.openai.azure.com", apiVersion: "2024&x=1"), "llm.providers.az.api_version", false),
        (LLMProviderSettings(name: "az", type: "azure", model: "gpt4o-prod", apiKey: SecretValue(testKey), endpoint: "https://myres.openai.azure.com", temperature: -1), "llm.providers.az.temperature", false),
    ])
    func missingOrInvalidSettingsNameTheirKey(settings: LLMProviderSettings, key: String, missing: Bool) throws {
        let error = #expect(throws: ConfigurationError.self) { try LLMProviderRegistry.azureOpenAIFactory(settings, LLMProviderContext()) }
        #expect(error?.settingKey == key)
        if case .missingSetting = error { #expect(missing) } else { #expect(!missing) }
        #expect(!String(describing: error).contains(testKey))
    }
}
