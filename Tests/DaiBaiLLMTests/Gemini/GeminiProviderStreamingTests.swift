import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import Synchronization
import Testing

/// `GeminiProvider.stream` over real HTTP against a loopback server that sends server-sent events.
@Suite(.timeLimit(.minutes(10)))
struct GeminiProviderStreamingTests {
    static let sseHeaders = ["Content-Type": "text/event-stream"]
    static let streamPath = "/v1beta/models/gemini-2.5-pro:streamGenerateContent"

    @Test func theFirstDeltaArrivesBeforeTheServerSendsTheRest() async throws {
        let clientHasFirstDelta = TestSignal()
        let serverSawSignalBeforeTheRest = Mutex<Bool?>(nil)
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    writer.write(GeminiFixtures.streamTranscript[0])
                    // Waits for the client; the timeout only keeps a buffering client from hanging the test.
                    let signalled = await clientHasFirstDelta.wait(timeout: TestPatience.safetyNet)
                    serverSawSignalBeforeTheRest.withLock { $0 = signalled }
                    for chunk in GeminiFixtures.streamTranscript.dropFirst() { writer.write(chunk) }
                }
            },
        ]) { server in
            var events: [LLMStreamEvent] = []
            for try await event in try makeGeminiProvider(server).stream(sqlRequest) {
                if case .textDelta = event, !clientHasFirstDelta.isFired {
                    #expect(serverSawSignalBeforeTheRest.withLock { $0 } == nil, "the server must still be waiting")
                    clientHasFirstDelta.fire()
                }
                events.append(event)
            }
            #expect(serverSawSignalBeforeTheRest.withLock { $0 } == true)
            #expect(events == GeminiFixtures.streamedDeltas.map(LLMStreamEvent.textDelta) + [
                .usage(TokenUsage(inputTokens: 57, outputTokens: 5)), .finished(.stop),
            ])
        }
    }

    @Test func theStreamingRequestUsesAltSSEAndTheHeaderKey() async throws {
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    for chunk in GeminiFixtures.streamTranscript { writer.write(chunk) }
                }
            },
        ]) { server in
            let events = try await collect(try makeGeminiProvider(server).stream(sqlRequest))
            #expect(geminiJoinedText(events) == "SELECT COUNT(*) FROM customers;")
            #expect(events.suffix(2) == [.usage(TokenUsage(inputTokens: 57, outputTokens: 5)), .finished(.stop)])

            let request = try #require(server.requests.first)
            #expect(request.path == Self.streamPath)
            #expect(request.query.map(\.name) == ["alt"])
            #expect(request.queryValue("alt") == "sse")
            #expect(!request.urlContainsGeminiKey)
            #expect(request.header("x-goog-api-key") == geminiTestKey)
            #expect(request.header("Accept") == "text/event-stream")
            let body = try SentGeminiRequest.parse(request.body)
            #expect(body.systemInstruction?.parts == [.init(text: "You write SQL for SQLite.")])
            #expect(body.contents == [.init(role: "user", parts: [.init(text: "How many customers are there?")])])
            #expect(body.generationConfig?.temperature == 0)
        }
    }

    @Test func eventsSplitAcrossNetworkChunksAreReassembled() async throws {
        let transcript = GeminiFixtures.streamTranscript.joined()
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    var rest = Substring(transcript)
                    while !rest.isEmpty {
                        writer.write(String(rest.prefix(29)))
                        rest = rest.dropFirst(29)
                    }
                }
            },
        ]) { server in
            let events = try await collect(try makeGeminiProvider(server).stream(sqlRequest))
            #expect(events.count == 5)
            #expect(events.last == .finished(.stop))
        }
    }

    @Test func maxTokensAndSafetyFinishReasonsAreSurfacedInTheStream() async throws {
        try await withLoopbackServer([
            .init("POST /v1beta/models/cut:streamGenerateContent") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    writer.write(GeminiFixtures.chunk("SELECT name", finishReason: "MAX_TOKENS", candidatesTokens: 2))
                }
            },
            .init("POST /v1beta/models/*") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    writer.write(GeminiFixtures.chunk("SELECT", candidatesTokens: 1))
                    writer.write(GeminiFixtures.event(#"{"candidates": [{"finishReason": "RECITATION","index": 0}],"usageMetadata": {"promptTokenCount": 57,"candidatesTokenCount": 1,"totalTokenCount": 58}}"#))
                }
            },
        ]) { server in
            let cut = try await collect(try makeGeminiProvider(server, model: "cut").stream(sqlRequest))
            #expect(cut == [.textDelta("SELECT name"), .usage(TokenUsage(inputTokens: 57, outputTokens: 2)), .finished(.length)])
            let filtered = try await collect(try makeGeminiProvider(server).stream(sqlRequest))
            #expect(filtered.last == .finished(.contentFilter))
        }
    }

    @Test func aBlockedPromptFailsTheStreamAsContentFiltered() async throws {
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in writer.write(GeminiFixtures.streamPromptBlocked) }
            },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await collect(try makeGeminiProvider(server).stream(sqlRequest)) }
            guard case .contentFiltered(_, let message) = error else {
                Issue.record("expected contentFiltered, got \(String(describing: error))")
                return
            }
            #expect(message.contains("PROHIBITED_CONTENT"))
        }
    }

    @Test func cancellingTheConsumerStopsTheStreamAtOnce() async throws {
        let release = TestSignal()
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    writer.write(GeminiFixtures.streamTranscript[0])
                    _ = await release.wait(timeout: TestPatience.safetyNet)
                    for chunk in GeminiFixtures.streamTranscript.dropFirst() { writer.write(chunk) }
                }
            },
        ]) { server in
            let result = await consumeFirstDeltaThenCancel(try makeGeminiProvider(server).stream(sqlRequest))
            // The consumer ended while the server still held the stream open.
            #expect(!release.isFired)
            if case .success(let count) = result { #expect(count == 1) }
            release.fire()
        }
    }

    @Test func a429BeforeTheStreamStartsIsRetriedThroughTheTransport() async throws {
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in
                if calls.next() == 1 { return .text(429, GeminiErrorFixtures.resourceExhausted, headers: ["Retry-After": "0"]) }
                return .stream(200, headers: Self.sseHeaders) { writer in
                    for chunk in GeminiFixtures.streamTranscript { writer.write(chunk) }
                }
            },
        ]) { server in
            let events = try await collect(try makeGeminiProvider(server, policy: quickRetries).stream(sqlRequest))
            #expect(events.last == .finished(.stop))
            #expect(server.requests.count == 2)
        }
    }

    @Test func anErrorStatusFailsTheStreamWithoutTheKey() async throws {
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in .text(400, GeminiErrorFixtures.invalidAPIKey(echoing: geminiTestKey)) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await collect(try makeGeminiProvider(server).stream(sqlRequest)) }
            guard case .authentication(_, let message) = error else {
                Issue.record("expected authentication, got \(String(describing: error))")
                return
            }
            #expect(!message.contains(geminiTestKey))
            #expect(!String(describing: error).contains(geminiTestKey))
        }
    }

    @Test func aStreamThatEndsWithoutAFinishReasonFails() async throws {
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in writer.write(GeminiFixtures.streamTranscript[0]) }
            },
        ]) { server in
            var deltas: [String] = []
            let error = await #expect(throws: LLMError.self) {
                for try await event in try makeGeminiProvider(server).stream(sqlRequest) {
                    if case .textDelta(let text) = event { deltas.append(text) }
                }
            }
            #expect(deltas == ["SELECT"])
            guard case .transport(_, let message) = error else {
                Issue.record("expected transport, got \(String(describing: error))")
                return
            }
            #expect(message.contains("ended before the model finished"))
        }
    }

    @Test func anErrorEventInsideTheStreamFailsIt() async throws {
        try await withLoopbackServer([
            .init("POST /v1beta/models/*") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    writer.write(GeminiFixtures.streamTranscript[0])
                    writer.write(GeminiFixtures.event(#"{"error": {"code": 503,"message": "The model is overloaded. Please try again later.","status": "UNAVAILABLE"}}"#))
                }
            },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await collect(try makeGeminiProvider(server).stream(sqlRequest)) }
            #expect(error == .overloaded(provider: "gemini"))
        }
    }
}
