import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import HTTPTypes
import Logging
import Testing

/// `GeminiProvider.complete` and `listModels` over real HTTP against a loopback server.
@Suite(.timeLimit(.minutes(10)))
struct GeminiProviderCompletionTests {
    static let generatePath = "/v1beta/models/gemini-2.5-pro:generateContent"

    @Test func aCompletionRoundTripSendsTheExactRequestAndReadsTextUsageAndFinishReason() async throws {
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in .text(200, GeminiFixtures.completion, headers: ["Content-Type": "application/json"]) },
        ]) { server in
            let provider = try makeGeminiProvider(server)
            let request = LLMRequest(messages: [
                .system("You write SQL for SQLite."),
                .system("Answer with one statement."),
                .user("How many customers are there?"),
                .assistant("SELECT COUNT(*) FROM customer;"),
                .assistant("(the table is customers)"),
                .user("Fix it."),
            ])
            let response = try await provider.complete(request)

            #expect(response.text == "```sql\nSELECT COUNT(*) FROM customers;\n```")
            // Thinking tokens are billed as output.
            #expect(response.usage == TokenUsage(inputTokens: 57, outputTokens: 42))
            #expect(response.finishReason == .stop)
            #expect(response.model == "gemini-2.5-pro")

            let requests = server.requests
            try #require(requests.count == 1)
            let sent = requests[0]
            #expect(sent.method == "POST")
            #expect(sent.path == Self.generatePath)
            #expect(sent.query.isEmpty)
            #expect(sent.header("x-goog-api-key") == geminiTestKey)
            #expect(sent.header("Authorization") == nil)
            #expect(!sent.urlContainsGeminiKey)
            #expect(sent.header("Content-Type") == "application/json")
            #expect(sent.header("Accept") == "application/json")
            let body = try SentGeminiRequest.parse(sent.body)
            #expect(body.keys == ["contents", "systemInstruction", "generationConfig"])
            #expect(body.systemInstruction?.parts == [.init(text: "You write SQL for SQLite."), .init(text: "Answer with one statement.")])
            #expect(body.systemInstruction?.role == nil)
            #expect(body.contents == [
                .init(role: "user", parts: [.init(text: "How many customers are there?")]),
                .init(role: "model", parts: [.init(text: "SELECT COUNT(*) FROM customer;"), .init(text: "(the table is customers)")]),
                .init(role: "user", parts: [.init(text: "Fix it.")]),
            ])
            #expect(body.generationConfig == .init(temperature: 0, maxOutputTokens: 4096, stopSequences: nil))
            #expect(body.generationConfigKeys == ["temperature", "maxOutputTokens"])
        }
    }

    @Test func maxTokensIsReportedAsLengthAndTheLimitsAreSent() async throws {
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in .text(200, GeminiFixtures.truncated) },
        ]) { server in
            let provider = try makeGeminiProvider(server, model: "models/gemini-2.5-flash") { $0.temperature = 0.2 }
            let response = try await provider.complete(LLMRequest(messages: [.user("List the customers")], maxOutputTokens: 16, stopSequences: [";"]))
            #expect(response.finishReason == .length)
            #expect(response.text == "SELECT name FROM")
            #expect(response.usage == TokenUsage(inputTokens: 20, outputTokens: 16))

            let sent = try #require(server.requests.first)
            #expect(sent.path == "/v1beta/models/gemini-2.5-flash:generateContent")
            let body = try SentGeminiRequest.parse(sent.body)
            #expect(body.generationConfig == .init(temperature: 0.2, maxOutputTokens: 16, stopSequences: [";"]))
            #expect(!body.keys.contains("systemInstruction"))
        }
    }

    @Test func aSafetyFinishIsReportedAsContentFilter() async throws {
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in .text(200, GeminiFixtures.safetyFinish) },
        ]) { server in
            let response = try await makeGeminiProvider(server).complete(sqlRequest)
            #expect(response.finishReason == .contentFilter)
            #expect(response.text == "")
        }
    }

    @Test func aBlockedPromptIsContentFilteredWithTheReason() async throws {
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in .text(200, GeminiFixtures.promptBlocked) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await makeGeminiProvider(server).complete(sqlRequest) }
            guard case .contentFiltered(let name, let message) = error else {
                Issue.record("expected contentFiltered, got \(String(describing: error))")
                return
            }
            #expect(name == "gemini")
            #expect(message.contains("SAFETY"))
        }
    }

    @Test func a429IsRetriedThroughTheTransportThenSucceeds() async throws {
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in
                calls.next() == 1
                    ? .text(429, GeminiErrorFixtures.resourceExhausted, headers: ["Retry-After": "0", "Content-Type": "application/json"])
                    : .text(200, GeminiFixtures.completion)
            },
        ]) { server in
            let response = try await makeGeminiProvider(server, policy: quickRetries).complete(sqlRequest)
            #expect(response.finishReason == .stop)
            let requests = server.requests
            #expect(requests.count == 2)
            #expect(requests.map(\.body).allSatisfy { $0 == requests[0].body })
            #expect(requests.allSatisfy { $0.header("x-goog-api-key") == geminiTestKey && !$0.urlContainsGeminiKey })
        }
    }

    @Test func a429WithoutRetriesIsRateLimitedWithTheRetryHint() async throws {
        try await withLoopbackServer([
            .init("POST /v1beta/models/with-header:generateContent") { _ in .text(429, GeminiErrorFixtures.resourceExhausted, headers: ["Retry-After": "7"]) },
            .init("POST /v1beta/models/*") { _ in .text(429, GeminiErrorFixtures.resourceExhausted) },
        ]) { server in
            await #expect(throws: LLMError.rateLimited(provider: "gemini", retryAfter: .seconds(7))) {
                try await makeGeminiProvider(server, model: "with-header").complete(sqlRequest)
            }
            // Without a Retry-After header, the RetryInfo delay of the body.
            await #expect(throws: LLMError.rateLimited(provider: "gemini", retryAfter: .seconds(37))) {
                try await makeGeminiProvider(server).complete(sqlRequest)
            }
        }
    }

    @Test func authenticationAndPermissionErrorsNeverContainTheKey() async throws {
        let logs = LogCapture()
        try await withLoopbackServer([
            .init("POST /v1beta/models/bad-key:generateContent") { _ in .text(400, GeminiErrorFixtures.invalidAPIKey(echoing: geminiTestKey)) },
            .init("POST /v1beta/models/unauthenticated:generateContent") { _ in .text(401, GeminiErrorFixtures.unauthenticated) },
            .init("POST /v1beta/models/*") { _ in .text(403, GeminiErrorFixtures.permissionDenied(echoing: geminiTestKey)) },
        ]) { server in
            let logger = logs.logger()
            var errors: [LLMError] = []
            for model in ["bad-key", "unauthenticated", "gemini-2.5-pro"] {
                let provider = try makeGeminiProvider(server, model: model, logger: logger)
                do throws(LLMError) {
                    _ = try await provider.complete(sqlRequest)
                    Issue.record("\(model): expected an error")
                } catch {
                    errors.append(error)
                }
            }
            try #require(errors.count == 3)
            guard case .authentication(_, let badKey) = errors[0] else { Issue.record("expected authentication, got \(errors[0])"); return }
            #expect(badKey.contains("API key not valid"))
            guard case .authentication = errors[1] else { Issue.record("expected authentication, got \(errors[1])"); return }
            guard case .permissionDenied(_, let denied) = errors[2] else { Issue.record("expected permissionDenied, got \(errors[2])"); return }
            #expect(denied.contains("lacks access"))
            for error in errors {
                for text in [String(describing: error), String(reflecting: error)] {
                    #expect(!text.contains(geminiTestKey))
                    #expect(!text.contains("0123456789abcdefghijk"))
                }
            }
            #expect(server.requests.allSatisfy { !$0.urlContainsGeminiKey })
        }
        #expect(!logs.lines.isEmpty)
        #expect(logs.lines.allSatisfy { !$0.contains(geminiTestKey) })
    }

    @Test func documentedErrorBodiesMapToTheirErrors() async throws {
        try await withLoopbackServer([
            .init("POST /v1beta/models/too-long:generateContent") { _ in .text(400, GeminiErrorFixtures.tokenLimit) },
            .init("POST /v1beta/models/gemini-9:generateContent") { _ in .text(404, GeminiErrorFixtures.modelNotFound) },
            .init("POST /v1beta/models/busy:generateContent") { _ in .text(503, GeminiErrorFixtures.unavailable) },
            .init("POST /v1beta/models/broken:generateContent") { _ in .text(500, GeminiErrorFixtures.internalError) },
        ]) { server in
            func failure(_ model: String) async throws -> LLMError? {
                let provider = try makeGeminiProvider(server, model: model)
                do throws(LLMError) {
                    _ = try await provider.complete(sqlRequest)
                    return nil
                } catch {
                    return error
                }
            }
            guard case .contextLengthExceeded(_, let tooLong) = try await failure("too-long") else { Issue.record("too-long"); return }
            #expect(tooLong.contains("exceeds the maximum number of tokens"))
            guard case .misconfigured(_, let notFound) = try await failure("gemini-9") else { Issue.record("gemini-9"); return }
            #expect(notFound.contains("'gemini-9'"))
            #expect(notFound.contains("llm.providers.gemini.model"))
            #expect(try await failure("busy") == .overloaded(provider: "gemini"))
            guard case .server(_, 500, let broken) = try await failure("broken") else { Issue.record("broken"); return }
            #expect(broken.contains("An internal error has occurred"))
        }
    }

    @Test func modelsAreListedAcrossPagesWithoutThePrefix() async throws {
        try await withLoopbackServer([
            .init("GET /v1beta/models") { request in
                request.queryValue("pageToken") == nil
                    ? .text(200, GeminiFixtures.modelsPage1)
                    : .text(200, GeminiFixtures.modelsPage2)
            },
        ]) { server in
            let models = try await makeGeminiProvider(server).listModels()
            #expect(models == ["gemini-2.5-flash", "gemini-2.5-pro", "text-embedding-004"])
            let requests = server.requests
            try #require(requests.count == 2)
            #expect(requests.allSatisfy { $0.method == "GET" && $0.path == "/v1beta/models" && $0.body.isEmpty })
            #expect(requests.allSatisfy { $0.header("x-goog-api-key") == geminiTestKey && !$0.urlContainsGeminiKey })
            #expect(requests[1].queryValue("pageToken") == "Cg5nZW1pbmktMi41LWZsYXNo/+=")
        }
    }

    @Test func theKeyIsNeverSentToAnotherHostAfterARedirect() async throws {
        try await withLoopbackServer([
            .init("/*") { _ in .text(200, GeminiFixtures.completion) },
        ]) { elsewhere in
            try await withLoopbackServer([
                .init("/*") { _ in .text(307, "", headers: ["Location": elsewhere.url(Self.generatePath)]) },
            ]) { configured in
                // The transport never follows redirects: the 307 comes back as an error and the
                // other host is never contacted, so x-goog-api-key cannot travel there.
                var failed = false
                do { _ = try await makeGeminiProvider(configured).complete(sqlRequest) } catch { failed = true }
                #expect(failed, "a redirect is an error, not a response to follow")
                #expect(configured.requests.count == 1)
                #expect(configured.requests.allSatisfy { $0.header("x-goog-api-key") == geminiTestKey })
                #expect(elsewhere.requests.isEmpty)
            }
        }
    }

    @Test func extraHeadersAreSentButNeverReplaceTheKey() async throws {
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in .text(200, GeminiFixtures.completion) },
        ]) { server in
            let keyHeader = try #require(HTTPField.Name("x-goog-api-key"))
            let gatewayHeader = try #require(HTTPField.Name("X-Gateway"))
            let provider = try makeGeminiProvider(server) { configuration in
                configuration.extraHeaders = [keyHeader: "other", .authorization: "Bearer other", gatewayHeader: "route-a"]
            }
            _ = try await provider.complete(sqlRequest)
            let request = try #require(server.requests.first)
            #expect(request.header("x-goog-api-key") == geminiTestKey)
            #expect(request.header("Authorization") == nil)
            #expect(request.header("X-Gateway") == "route-a")
        }
    }

    @Test func descriptionsAndDumpsNeverShowTheKey() throws {
        let provider = try GeminiProvider(configuration: .init(apiKey: SecretValue(geminiTestKey)))
        var dumped = ""
        dump(provider, to: &dumped)
        for text in [provider.description, String(reflecting: provider), provider.configuration.description, dumped] {
            #expect(!text.contains(geminiTestKey))
        }
        #expect(provider.model == "gemini-2.5-pro")
        #expect(provider.endpoint.description == "https://generativelanguage.googleapis.com")
    }
}
