import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import Synchronization
import Testing

/// `stream` over real HTTP against a loopback server that sends server-sent events.
@Suite(.timeLimit(.minutes(10)))
struct OpenAIProviderStreamingTests {
    static let sseHeaders = ["Content-Type": "text/event-stream"]

    @Test func theFirstDeltaArrivesBeforeTheServerSendsTheRest() async throws {
        let clientHasFirstDelta = TestSignal()
        let serverSawSignalBeforeTheRest = Mutex<Bool?>(nil)
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    writer.write(ChatCompletionFixtures.roleChunk)
                    writer.write(ChatCompletionFixtures.contentChunk("SELECT"))
                    // Waits for the client; the timeout only keeps a buffering client from hanging the test.
                    let signalled = await clientHasFirstDelta.wait(timeout: TestPatience.safetyNet)
                    serverSawSignalBeforeTheRest.withLock { $0 = signalled }
                    for chunk in [ChatCompletionFixtures.contentChunk(" COUNT(*)"), ChatCompletionFixtures.contentChunk(" FROM customers;"),
                                  ChatCompletionFixtures.finishChunk, ChatCompletionFixtures.usageChunk, ChatCompletionFixtures.done] {
                        writer.write(chunk)
                    }
                }
            },
        ]) { server in
            var events: [LLMStreamEvent] = []
            for try await event in try makeProvider(server).stream(sqlRequest) {
                if case .textDelta = event, !clientHasFirstDelta.isFired {
                    #expect(serverSawSignalBeforeTheRest.withLock { $0 } == nil, "the server must still be waiting")
                    clientHasFirstDelta.fire()
                }
                events.append(event)
            }
            #expect(serverSawSignalBeforeTheRest.withLock { $0 } == true)
            #expect(events == [
                .textDelta("SELECT"), .textDelta(" COUNT(*)"), .textDelta(" FROM customers;"),
                .usage(TokenUsage(inputTokens: 57, outputTokens: 5)), .finished(.stop),
            ])
        }
    }

    @Test func theStreamingRequestAsksForUsageAndEventsEndWithUsageThenFinished() async throws {
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    for chunk in ChatCompletionFixtures.streamTranscript { writer.write(chunk) }
                }
            },
        ]) { server in
            let events = try await collect(try makeProvider(server).stream(sqlRequest))
            #expect(events.suffix(2) == [.usage(TokenUsage(inputTokens: 57, outputTokens: 5)), .finished(.stop)])
            let text = events.compactMap { event -> String? in
                if case .textDelta(let delta) = event { return delta }
                return nil
            }.joined()
            #expect(text == "SELECT COUNT(*) FROM customers;")

            let request = try #require(server.requests.first)
            #expect(request.path == "/v1/chat/completions")
            #expect(request.header("Accept") == "text/event-stream")
            #expect(request.header("Authorization") == "Bearer \(testKey)")
            let body = try SentChatRequest.parse(request.body)
            #expect(body.stream == true)
            #expect(body.stream_options == .init(include_usage: true))
            #expect(body.temperature == 0)
        }
    }

    @Test func eventsSplitAcrossNetworkChunksAreReassembled() async throws {
        let transcript = ChatCompletionFixtures.streamTranscript.joined()
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    var rest = Substring(transcript)
                    while !rest.isEmpty {
                        writer.write(String(rest.prefix(37)))
                        rest = rest.dropFirst(37)
                    }
                }
            },
        ]) { server in
            let events = try await collect(try makeProvider(server).stream(sqlRequest))
            #expect(events.count == 5)
            #expect(events.last == .finished(.stop))
        }
    }

    @Test func cancellingTheConsumerStopsTheHTTPStreamAtOnce() async throws {
        let release = TestSignal()
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    writer.write(ChatCompletionFixtures.roleChunk)
                    writer.write(ChatCompletionFixtures.contentChunk("SELECT"))
                    _ = await release.wait(timeout: TestPatience.safetyNet)
                    writer.write(ChatCompletionFixtures.done)
                }
            },
        ]) { server in
            let result = await consumeFirstDeltaThenCancel(try makeProvider(server).stream(sqlRequest))
            // The consumer ended while the server still held the stream open.
            #expect(!release.isFired)
            if case .success(let count) = result { #expect(count == 1) }
            release.fire()
        }
    }

    @Test func anErrorStatusFailsTheStreamWithTheMappedError() async throws {
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in .text(401, ErrorFixtures.invalidAPIKey(echoing: testKey)) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await collect(try makeProvider(server).stream(sqlRequest)) }
            guard case .authentication(_, let message) = error else {
                Issue.record("expected authentication, got \(String(describing: error))")
                return
            }
            #expect(!message.contains(testKey))
        }
    }

    @Test func a429BeforeTheStreamStartsIsRetriedThroughTheTransport() async throws {
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in
                if calls.next() == 1 { return .text(429, ErrorFixtures.rateLimited, headers: ["Retry-After": "0"]) }
                return .stream(200, headers: Self.sseHeaders) { writer in
                    for chunk in ChatCompletionFixtures.streamTranscript { writer.write(chunk) }
                }
            },
        ]) { server in
            let events = try await collect(try makeProvider(server, policy: quickRetries).stream(sqlRequest))
            #expect(events.last == .finished(.stop))
            #expect(server.requests.count == 2)
        }
    }

    @Test func aStreamThatBreaksOffWithoutFinishingFails() async throws {
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    writer.write(ChatCompletionFixtures.roleChunk)
                    writer.write(ChatCompletionFixtures.contentChunk("SELECT"))
                }
            },
        ]) { server in
            var deltas: [String] = []
            let error = await #expect(throws: LLMError.self) {
                for try await event in try makeProvider(server).stream(sqlRequest) {
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
            .init("POST /v1/chat/completions") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    writer.write(ChatCompletionFixtures.roleChunk)
                    writer.write(ChatCompletionFixtures.event(#"{"error":{"message":"This model's maximum context length is 8192 tokens.","type":"invalid_request_error","param":null,"code":"context_length_exceeded"}}"#))
                }
            },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await collect(try makeProvider(server).stream(sqlRequest)) }
            guard case .contextLengthExceeded = error else {
                Issue.record("expected contextLengthExceeded, got \(String(describing: error))")
                return
            }
        }
    }
}

/// Proves the HTTP connection itself is closed when the consumer goes away.
@Suite(.timeLimit(.minutes(10)))
struct OpenAIStreamConnectionTests {
    @Test func theServerSeesTheConnectionCloseWhenTheConsumerIsCancelled() async throws {
        let serverStreamEnded = TestSignal()
        try await withLoopbackServer([
            .init("POST /v1/chat/completions") { _ in
                .stream(200, headers: OpenAIProviderStreamingTests.sseHeaders) { writer in
                    defer { serverStreamEnded.fire() }
                    writer.write(ChatCompletionFixtures.contentChunk("SELECT"))
                    // SSE comments keep the stream alive; once the client has closed the
                    // connection a write fails and the server cancels this producer.
                    while !Task.isCancelled {
                        writer.write(": keep-alive\n\n")
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
            },
        ]) { server in
            _ = await consumeFirstDeltaThenCancel(try makeProvider(server).stream(sqlRequest))
            #expect(await serverStreamEnded.wait(timeout: TestPatience.safetyNet))
        }
    }
}
