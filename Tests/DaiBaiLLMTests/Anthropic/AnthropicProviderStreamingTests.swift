import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import Synchronization
import Testing

/// `stream` over real HTTP against a loopback server that sends Anthropic's server-sent events.
@Suite(.timeLimit(.minutes(10)))
struct AnthropicProviderStreamingTests {
    static let sseHeaders = ["Content-Type": "text/event-stream"]

    @Test func theFirstDeltaArrivesBeforeTheServerSendsTheRest() async throws {
        let clientHasFirstDelta = TestSignal()
        let serverSawSignalBeforeTheRest = Mutex<Bool?>(nil)
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    for chunk in [AnthropicFixtures.messageStart, AnthropicFixtures.contentBlockStart, AnthropicFixtures.textDelta("SELECT")] {
                        writer.write(chunk)
                    }
                    // Waits for the client; the timeout only keeps a buffering client from hanging the test.
                    let signalled = await clientHasFirstDelta.wait(timeout: TestPatience.safetyNet)
                    serverSawSignalBeforeTheRest.withLock { $0 = signalled }
                    for chunk in [AnthropicFixtures.ping, AnthropicFixtures.textDelta(" COUNT(*)"), AnthropicFixtures.textDelta(" FROM customers;"),
                                  AnthropicFixtures.contentBlockStop, AnthropicFixtures.messageDelta, AnthropicFixtures.messageStop] {
                        writer.write(chunk)
                    }
                }
            },
        ]) { server in
            var events: [LLMStreamEvent] = []
            for try await event in try makeAnthropicProvider(server).stream(sqlRequest) {
                if case .textDelta = event, !clientHasFirstDelta.isFired {
                    #expect(serverSawSignalBeforeTheRest.withLock { $0 } == nil, "the server must still be waiting")
                    clientHasFirstDelta.fire()
                }
                events.append(event)
            }
            #expect(serverSawSignalBeforeTheRest.withLock { $0 } == true)
            #expect(events == [
                .textDelta("SELECT"), .textDelta(" COUNT(*)"), .textDelta(" FROM customers;"),
                .usage(TokenUsage(inputTokens: 57, outputTokens: 9)), .finished(.stop),
            ])
        }
    }

    @Test func theStreamingRequestSetsStreamAndEndsWithUsageThenFinished() async throws {
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    for chunk in AnthropicFixtures.streamTranscript { writer.write(chunk) }
                }
            },
        ]) { server in
            let events = try await collect(try makeAnthropicProvider(server).stream(sqlRequest))
            #expect(events.suffix(2) == [.usage(TokenUsage(inputTokens: 57, outputTokens: 9)), .finished(.stop)])
            let request = try #require(server.requests.first)
            #expect(request.path == "/v1/messages")
            #expect(request.header("Accept") == "text/event-stream")
            #expect(request.header("x-api-key") == testKey)
            let body = try SentAnthropicRequest.parse(request.body)
            #expect(body.stream == true)
            #expect(body.system == "You write SQL for SQLite.")
            #expect(body.messages == [.init(role: "user", content: "How many customers are there?")])
        }
    }

    @Test func eventsSplitAcrossNetworkChunksAreReassembled() async throws {
        let transcript = AnthropicFixtures.streamTranscript.joined()
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    var rest = Substring(transcript)
                    while !rest.isEmpty {
                        writer.write(String(rest.prefix(29)))
                        rest = rest.dropFirst(29)
                    }
                }
            },
        ]) { server in
            let events = try await collect(try makeAnthropicProvider(server).stream(sqlRequest))
            #expect(events.count == 5)
            #expect(events.last == .finished(.stop))
        }
    }

    @Test func cancellingTheConsumerStopsTheStreamAtOnce() async throws {
        let release = TestSignal()
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    writer.write(AnthropicFixtures.messageStart)
                    writer.write(AnthropicFixtures.textDelta("SELECT"))
                    _ = await release.wait(timeout: TestPatience.safetyNet)
                    writer.write(AnthropicFixtures.messageStop)
                }
            },
        ]) { server in
            let result = await consumeFirstDeltaThenCancel(try makeAnthropicProvider(server).stream(sqlRequest))
            // The consumer ended while the server still held the stream open.
            #expect(!release.isFired)
            if case .success(let count) = result { #expect(count == 1) }
            release.fire()
        }
    }

    @Test func anErrorEventInsideTheStreamFailsItWithATypedError() async throws {
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    writer.write(AnthropicFixtures.messageStart)
                    writer.write(AnthropicFixtures.textDelta("SELECT"))
                    writer.write(AnthropicFixtures.overloadedEvent)
                }
            },
        ]) { server in
            var deltas: [String] = []
            let error = await #expect(throws: LLMError.self) {
                for try await event in try makeAnthropicProvider(server).stream(sqlRequest) {
                    if case .textDelta(let text) = event { deltas.append(text) }
                }
            }
            #expect(deltas == ["SELECT"])
            guard case .overloaded = error else {
                Issue.record("expected overloaded, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func a529BeforeTheStreamStartsIsRetried() async throws {
        let calls = CallCounter()
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in
                if calls.next() == 1 { return .text(529, AnthropicFixtures.overloaded) }
                return .stream(200, headers: Self.sseHeaders) { writer in
                    for chunk in AnthropicFixtures.streamTranscript { writer.write(chunk) }
                }
            },
        ]) { server in
            let events = try await collect(try makeAnthropicProvider(server, policy: quickRetries).stream(sqlRequest))
            #expect(events.last == .finished(.stop))
            #expect(server.requests.count == 2)
        }
    }

    @Test func a401FailsTheStreamWithoutTheKey() async throws {
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in .text(401, AnthropicFixtures.invalidAPIKey(echoing: testKey)) },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await collect(try makeAnthropicProvider(server).stream(sqlRequest)) }
            guard case .authentication(_, let message) = error else {
                Issue.record("expected authentication, got \(String(describing: error))")
                return
            }
            #expect(!message.contains(testKey))
        }
    }

    @Test func aRefusalStopReasonFinishesWithContentFilterAndReportsUsage() async throws {
        let refusalDelta = AnthropicFixtures.event(
            "message_delta", #"{"type":"message_delta","delta":{"stop_reason":"refusal","stop_sequence":null},"usage":{"output_tokens":2}}"#
        )
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    for chunk in [AnthropicFixtures.messageStart, AnthropicFixtures.contentBlockStart, AnthropicFixtures.contentBlockStop,
                                  refusalDelta, AnthropicFixtures.messageStop] {
                        writer.write(chunk)
                    }
                }
            },
        ]) { server in
            let events = try await collect(try makeAnthropicProvider(server).stream(sqlRequest))
            #expect(events == [.usage(TokenUsage(inputTokens: 57, outputTokens: 2)), .finished(.contentFilter)])
        }
    }

    @Test func aStreamThatBreaksOffWithoutFinishingFails() async throws {
        try await withLoopbackServer([
            .init("POST /v1/messages") { _ in
                .stream(200, headers: Self.sseHeaders) { writer in
                    writer.write(AnthropicFixtures.messageStart)
                    writer.write(AnthropicFixtures.textDelta("SELECT"))
                }
            },
        ]) { server in
            let error = await #expect(throws: LLMError.self) { try await collect(try makeAnthropicProvider(server).stream(sqlRequest)) }
            guard case .transport(_, let message) = error else {
                Issue.record("expected transport, got \(String(describing: error))")
                return
            }
            #expect(message.contains("ended before the model finished"))
        }
    }
}
