import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import DaiBaiTesting
import Foundation
import Synchronization
import Testing

/// ``OllamaProvider`` over real HTTP against a loopback server speaking Ollama's native API.
@Suite(.timeLimit(.minutes(10)))
struct OllamaProviderTests {
    static let ndjsonHeaders = ["Content-Type": "application/x-ndjson"]

    @Test func completeSendsTheExactRequestAndReturnsTextUsageAndFinishReason() async throws {
        try await withLoopbackServer([
            .init("POST /api/chat") { _ in .text(200, OllamaFixtures.completion, headers: ["Content-Type": "application/json"]) },
        ]) { server in
            let response = try await makeOllamaProvider(server).complete(sqlRequest)
            #expect(response.text == "SELECT COUNT(*) FROM customers;")
            #expect(response.usage == TokenUsage(inputTokens: 26, outputTokens: 298))
            #expect(response.finishReason == .stop)
            #expect(response.model == "codellama:13b")

            let request = try #require(server.requests.first)
            #expect(server.requests.count == 1)
            #expect(request.method == "POST")
            #expect(request.path == "/api/chat")
            #expect(request.query.isEmpty)
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Accept") == "application/json")
            #expect(request.header("Authorization") == nil)
            let body = try SentOllamaRequest.parse(request.body)
            #expect(body.keys == ["model", "messages", "stream", "options"])
            #expect(body.model == "codellama:13b")
            #expect(body.stream == false)
            #expect(body.messages == [
                .init(role: "system", content: "You write SQL for SQLite."),
                .init(role: "user", content: "How many customers are there?"),
            ])
            #expect(body.optionKeys == ["temperature", "num_predict"])
            #expect(body.options == .init(temperature: 0, num_predict: 4096, stop: nil))
        }
    }

    @Test func requestLimitsStopSequencesAndTheConfiguredTemperatureAreSent() async throws {
        try await withLoopbackServer([
            .init("POST /api/chat") { _ in .text(200, OllamaFixtures.truncated) },
        ]) { server in
            let provider = try makeOllamaProvider(server) { $0.model = "llama3:latest"; $0.temperature = 0.2 }
            let request = LLMRequest(messages: sqlRequest.messages, temperature: 0.9, maxOutputTokens: 1, stopSequences: [";"])
            let response = try await provider.complete(request)
            #expect(response.finishReason == .length)
            #expect(response.text == "SELECT")
            let body = try SentOllamaRequest.parse(try #require(server.requests.first).body)
            #expect(body.model == "llama3:latest")
            #expect(body.options == .init(temperature: 0.2, num_predict: 1, stop: [";"]))
        }
    }

    @Test func theFirstDeltaArrivesBeforeTheServerSendsTheRest() async throws {
        let clientHasFirstDelta = TestSignal()
        let serverSawSignalBeforeTheRest = Mutex<Bool?>(nil)
        try await withLoopbackServer([
            .init("POST /api/chat") { _ in
                .stream(200, headers: Self.ndjsonHeaders) { writer in
                    writer.write(OllamaFixtures.line("SELECT"))
                    let signalled = await clientHasFirstDelta.wait(timeout: TestPatience.safetyNet)
                    serverSawSignalBeforeTheRest.withLock { $0 = signalled }
                    for line in OllamaFixtures.streamTranscript.dropFirst() { writer.write(line) }
                }
            },
        ]) { server in
            var events: [LLMStreamEvent] = []
            for try await event in try makeOllamaProvider(server).stream(sqlRequest) {
                if case .textDelta = event, !clientHasFirstDelta.isFired {
                    #expect(serverSawSignalBeforeTheRest.withLock { $0 } == nil, "the server must still be waiting")
                    clientHasFirstDelta.fire()
                }
                events.append(event)
            }
            #expect(serverSawSignalBeforeTheRest.withLock { $0 } == true)
            #expect(events == [
                .textDelta("SELECT"), .textDelta(" COUNT(*)"), .textDelta(" FROM customers;"),
                .usage(TokenUsage(inputTokens: 26, outputTokens: 282)), .finished(.stop),
            ])
            let request = try #require(server.requests.first)
            #expect(request.header("Accept") == "application/x-ndjson")
            let body = try SentOllamaRequest.parse(request.body)
            #expect(body.stream == true)
            #expect(body.options?.temperature == 0)
        }
    }

    @Test(arguments: [1, 7, 64])
    func linesSplitAcrossNetworkChunksAreReassembled(chunkSize: Int) async throws {
        // The last line without its newline: the stream's end also ends the line.
        let transcript = OllamaFixtures.streamTranscript.joined().trimmingCharacters(in: .newlines)
        try await withLoopbackServer([
            .init("POST /api/chat") { _ in
                .stream(200, headers: Self.ndjsonHeaders) { writer in
                    var rest = Substring(transcript)
                    while !rest.isEmpty {
                        writer.write(String(rest.prefix(chunkSize)))
                        rest = rest.dropFirst(chunkSize)
                    }
                }
            },
        ]) { server in
            let events = try await collect(try makeOllamaProvider(server).stream(sqlRequest))
            #expect(events == [
                .textDelta("SELECT"), .textDelta(" COUNT(*)"), .textDelta(" FROM customers;"),
                .usage(TokenUsage(inputTokens: 26, outputTokens: 282)), .finished(.stop),
            ])
        }
    }

    @Test func aModelThatWasNotPulledIsAMisconfigurationSuggestingOllamaPull() async throws {
        try await withLoopbackServer([
            .init("POST /api/chat") { _ in .text(404, OllamaFixtures.modelNotFound) },
        ]) { server in
            for call in 0..<2 {
                let provider = try makeOllamaProvider(server)
                let error = await #expect(throws: LLMError.self) {
                    if call == 0 { _ = try await provider.complete(sqlRequest) } else { _ = try await collect(provider.stream(sqlRequest)) }
                }
                guard case .misconfigured(let name, let message) = error else {
                    Issue.record("expected misconfigured, got \(String(describing: error))")
                    return
                }
                #expect(name == "ollama")
                #expect(message.contains("'codellama:13b'"))
                #expect(message.contains("ollama pull codellama:13b"))
                #expect(message.contains("not found, try pulling it first"))
                #expect(message.contains("llm.providers.ollama.model"))
            }
        }
    }

    @Test func aServerErrorIsRetriedAndReportedWithItsMessage() async throws {
        try await withLoopbackServer([
            .init("POST /api/chat") { _ in .text(500, OllamaFixtures.serverError) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await makeOllamaProvider(server, policy: quickRetries).complete(sqlRequest) }
            guard case .server(_, let status, let message) = error else {
                Issue.record("expected server, got \(String(describing: error))")
                return
            }
            #expect(status == 500)
            #expect(message.contains("llama runner process has terminated"))
            #expect(server.requests.count == 3)
        }
    }

    @Test func a429IsRateLimitedWithItsRetryAfter() async throws {
        try await withLoopbackServer([
            .init("POST /api/chat") { _ in .text(429, #"{"error":"server busy, please try again. maximum pending requests exceeded"}"#, headers: ["Retry-After": "3"]) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await makeOllamaProvider(server).complete(sqlRequest) }
            #expect(error == .rateLimited(provider: "ollama", retryAfter: .seconds(3)))
        }
    }

    @Test func anErrorLineInsideTheStreamFailsItAfterTheTextBeforeIt() async throws {
        try await withLoopbackServer([
            .init("POST /api/chat") { _ in
                .stream(200, headers: Self.ndjsonHeaders) { writer in
                    writer.write(OllamaFixtures.line("SELECT"))
                    writer.write(#"{"error":"an error was encountered while running the model: unexpected EOF"}"# + "\n")
                }
            },
        ]) { server in
            var deltas: [String] = []
            let error = await #expect(throws: LLMError.self) {
                for try await event in try makeOllamaProvider(server).stream(sqlRequest) {
                    if case .textDelta(let text) = event { deltas.append(text) }
                }
            }
            #expect(deltas == ["SELECT"])
            guard case .server(_, _, let message) = error else {
                Issue.record("expected server, got \(String(describing: error))")
                return
            }
            #expect(message.contains("unexpected EOF"))
        }
    }

    @Test func aStreamThatEndsWithoutDoneFails() async throws {
        try await withLoopbackServer([
            .init("POST /api/chat") { _ in
                .stream(200, headers: Self.ndjsonHeaders) { writer in writer.write(OllamaFixtures.line("SELECT")) }
            },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await collect(try makeOllamaProvider(server).stream(sqlRequest)) }
            guard case .transport(_, let message) = error else {
                Issue.record("expected transport, got \(String(describing: error))")
                return
            }
            #expect(message.contains("done: true"))
        }
    }

    @Test func aMalformedLineIsATransportError() async throws {
        try await withLoopbackServer([
            .init("POST /api/chat") { _ in
                .stream(200, headers: Self.ndjsonHeaders) { writer in writer.write("<html>proxy error</html>\n") }
            },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await collect(try makeOllamaProvider(server).stream(sqlRequest)) }
            guard case .transport(_, let message) = error else {
                Issue.record("expected transport, got \(String(describing: error))")
                return
            }
            #expect(message.contains("stream line"))
        }
    }

    @Test func cancellingTheConsumerStopsTheStreamAtOnce() async throws {
        let release = TestSignal()
        let serverStreamEnded = TestSignal()
        try await withLoopbackServer([
            .init("POST /api/chat") { _ in
                .stream(200, headers: Self.ndjsonHeaders) { writer in
                    defer { serverStreamEnded.fire() }
                    writer.write(OllamaFixtures.line("SELECT"))
                    // Blank keep-alive lines; once the client closed the connection a write
                    // fails and the server cancels this producer.
                    while !Task.isCancelled, !release.isFired {
                        writer.write("\n")
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
            },
        ]) { server in
            let result = await consumeFirstDeltaThenCancel(try makeOllamaProvider(server).stream(sqlRequest))
            #expect(!release.isFired)
            if case .success(let count) = result { #expect(count == 1) }
            #expect(await serverStreamEnded.wait(timeout: TestPatience.safetyNet))
            release.fire()
        }
    }

    @Test func modelsAreListedFromApiTags() async throws {
        try await withLoopbackServer([
            .init("GET /api/tags") { _ in .text(200, OllamaFixtures.tags) },
        ]) { server in
            let models = try await makeOllamaProvider(server).listModels()
            #expect(models == ["codellama:13b", "llama3:latest"])
            let request = try #require(server.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/api/tags")
            #expect(request.header("Authorization") == nil)
            #expect(request.body.isEmpty)
        }
    }
}

/// Building ``OllamaProvider`` from `llm.providers.<name>` settings.
@Suite
struct OllamaFactoryTests {
    @Test func theFactoryUsesTheUpstreamDefaults() async throws {
        let transport = FakeHTTPTransport { _ throws(HTTPTransportError) in .status(.ok, body: OllamaFixtures.completion) }
        let provider = try LLMProviderRegistry.ollamaFactory(LLMProviderSettings(name: "local", type: "ollama"), LLMProviderContext(transport: transport))
        #expect(provider.name == "local")
        #expect(provider.model == "codellama:13b")
        _ = try await provider.complete(sqlRequest)
        let request = try #require(transport.requests.first)
        #expect(request.head.scheme == "http")
        #expect(request.head.authority == "localhost:11434")
        #expect(request.head.path == "/api/chat")
        #expect(request.head.headerFields[.authorization] == nil)
    }

    @Test func theFactoryUsesTheConfiguredEndpointAndModel() async throws {
        try await withLoopbackServer([
            .init("POST /api/chat") { _ in .text(200, OllamaFixtures.completion) },
        ]) { server in
            let settings = LLMProviderSettings(name: "ollama", type: "ollama", model: "sqlcoder:7b", endpoint: server.baseURL, temperature: 0.1, maxTokens: 512)
            let provider = try LLMProviderRegistry.ollamaFactory(settings, LLMProviderContext())
            _ = try await provider.complete(sqlRequest)
            let body = try SentOllamaRequest.parse(try #require(server.requests.first).body)
            #expect(body.model == "sqlcoder:7b")
            #expect(body.options == .init(temperature: 0.1, num_predict: 512, stop: nil))
        }
    }

    @Test(arguments: [
        (LLMProviderSettings(name: "o", type: "ollama", endpoint: "ftp://localhost:11434"), "llm.providers.o.endpoint"),
        (LLMProviderSettings(name: "o", type: "ollama", temperature: 3), "llm.providers.o.temperature"),
        (LLMProviderSettings(name: "o", type: "ollama", maxTokens: 0), "llm.providers.o.max_tokens"),
    ])
    func invalidSettingsNameTheirKey(settings: LLMProviderSettings, key: String) throws {
        let error = #expect(throws: ConfigurationError.self) { try LLMProviderRegistry.ollamaFactory(settings, LLMProviderContext()) }
        #expect(error?.settingKey == key)
    }
}
