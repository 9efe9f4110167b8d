import DaiBaiCore
import DaiBaiTesting
import Testing

@Suite struct ScriptedLLMProviderTests {
    let question = LLMRequest(messages: [.system("You write SQL."), .user("How many users?")])

    @Test func answersScriptedRepliesInOrderAndRecordsRequests() async throws {
        let provider = ScriptedLLMProvider(
            name: "fake", model: "fake-1",
            replies: [
                .text("SELECT 1", usage: TokenUsage(inputTokens: 12, outputTokens: 3)),
                .text("SELECT 2", finishReason: .length),
            ])
        let second = LLMRequest(messages: [.user("And again?")], temperature: 0.5)

        let first = try await provider.complete(question)
        let next = try await provider.complete(second)

        #expect(first == LLMResponse(text: "SELECT 1", usage: TokenUsage(inputTokens: 12, outputTokens: 3), finishReason: .stop, model: "fake-1"))
        #expect(next == LLMResponse(text: "SELECT 2", usage: nil, finishReason: .length, model: "fake-1"))
        #expect(provider.requests == [question, second])
        #expect(provider.remainingReplies == 0)
    }

    @Test func throwsAScriptedFailure() async throws {
        let provider = ScriptedLLMProvider(replies: [.failure(.rateLimited(provider: "fake", retryAfter: .seconds(2))), .text("ok")])

        await #expect(throws: LLMError.rateLimited(provider: "fake", retryAfter: .seconds(2))) {
            try await provider.complete(question)
        }
        #expect(try await provider.complete(question).text == "ok")
    }

    @Test func exhaustedScriptThrowsMisconfigured() async throws {
        let provider = ScriptedLLMProvider(name: "fake", replies: [.text("only one")])
        _ = try await provider.complete(question)

        do {
            let response = try await provider.complete(question)
            Issue.record("expected an error, got \(response)")
        } catch {
            guard case .misconfigured(let name, let message) = error else {
                Issue.record("expected .misconfigured, got \(error)")
                return
            }
            #expect(name == "fake")
            #expect(message.contains("exhausted"))
        }
        #expect(provider.requests.count == 2)
    }

    @Test func enqueuedRepliesExtendTheScript() async throws {
        let provider = ScriptedLLMProvider(replies: [])
        provider.enqueue(.text("late"))

        #expect(try await provider.complete(question).text == "late")
    }

    @Test func handlerAnswersAfterTheScript() async throws {
        let provider = ScriptedLLMProvider(replies: [.text("scripted")]) { request in
            LLMResponse(text: "echo: \(request.messages.last?.content ?? "")", usage: nil, finishReason: .stop, model: "handler")
        }

        #expect(try await provider.complete(question).text == "scripted")
        let handled = try await provider.complete(question)
        #expect(handled.text == "echo: How many users?")
        #expect(handled.model == "handler")
    }

    @Test func handlerErrorsPropagate() async {
        let provider = ScriptedLLMProvider { (_) throws(LLMError) -> LLMResponse in
            throw .overloaded(provider: "handler")
        }

        await #expect(throws: LLMError.overloaded(provider: "handler")) {
            try await provider.complete(question)
        }
    }

    @Test func completeInCancelledTaskThrowsCancelledAndKeepsTheReply() async throws {
        let provider = ScriptedLLMProvider(replies: [.text("kept")])
        let task = Task { () async -> LLMError? in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(LLMError) {
                _ = try await provider.complete(question)
                return nil
            } catch {
                return error
            }
        }

        #expect(await task.value == .cancelled)
        #expect(provider.remainingReplies == 1)
    }

    @Test func streamSplitsWordsThenReportsUsageAndFinish() async throws {
        let usage = TokenUsage(inputTokens: 20, outputTokens: 4)
        let provider = ScriptedLLMProvider(replies: [.text("SELECT name  FROM users;", usage: usage)])

        var events: [LLMStreamEvent] = []
        for try await event in provider.stream(question) {
            events.append(event)
        }

        #expect(events == [
            .textDelta("SELECT "), .textDelta("name  "), .textDelta("FROM "), .textDelta("users;"),
            .usage(usage), .finished(.stop),
        ])
        let text = events.compactMap { event -> String? in
            if case .textDelta(let delta) = event { return delta } else { return nil }
        }.joined()
        #expect(text == "SELECT name  FROM users;")
        #expect(provider.requests == [question])
    }

    @Test func streamSplitsByCharacterCount() async throws {
        let provider = ScriptedLLMProvider(replies: [.text("abcdefg", finishReason: .length)], chunking: .characters(3))

        var events: [LLMStreamEvent] = []
        for try await event in provider.stream(question) {
            events.append(event)
        }

        #expect(events == [.textDelta("abc"), .textDelta("def"), .textDelta("g"), .finished(.length)])
    }

    @Test func streamUsesTheHandler() async throws {
        let provider = ScriptedLLMProvider(chunking: .whole) { _ in
            LLMResponse(text: "SELECT 42", usage: TokenUsage(inputTokens: 1, outputTokens: 2), finishReason: .stop, model: "h")
        }

        var events: [LLMStreamEvent] = []
        for try await event in provider.stream(question) {
            events.append(event)
        }

        #expect(events == [.textDelta("SELECT 42"), .usage(TokenUsage(inputTokens: 1, outputTokens: 2)), .finished(.stop)])
    }

    @Test func streamFailsWhenTheScriptIsExhausted() async {
        let provider = ScriptedLLMProvider(name: "fake", replies: [])

        var received = 0
        do {
            for try await _ in provider.stream(question) { received += 1 }
            Issue.record("expected the stream to fail")
        } catch let error as LLMError {
            guard case .misconfigured(let name, let message) = error else {
                Issue.record("expected .misconfigured, got \(error)")
                return
            }
            #expect(name == "fake")
            #expect(message.contains("exhausted"))
        } catch {
            Issue.record("expected an LLMError, got \(error)")
        }
        #expect(received == 0)
    }

    @Test func streamFailsWithAScriptedFailure() async {
        let provider = ScriptedLLMProvider(replies: [.failure(.contentFiltered(provider: "fake", message: "no"))])

        await #expect(throws: LLMError.contentFiltered(provider: "fake", message: "no")) {
            for try await _ in provider.stream(question) {}
        }
    }

    @Test func streamStopsWhenTheConsumingTaskIsCancelled() async throws {
        let provider = ScriptedLLMProvider(replies: [.text("one two three four five six", usage: TokenUsage(inputTokens: 1, outputTokens: 6))])
        let stream = provider.stream(question)
        let (firstDelta, signal) = AsyncStream<Void>.makeStream()

        let consumer = Task { () async -> (events: [LLMStreamEvent], error: (any Error)?) in
            var events: [LLMStreamEvent] = []
            do {
                for try await event in stream {
                    events.append(event)
                    if events.count == 1 {
                        signal.yield()
                        // Park until the test cancels this task (the sleep throws on cancellation).
                        try? await Task.sleep(for: .seconds(600))
                    }
                }
                return (events, nil)
            } catch {
                return (events, error)
            }
        }
        var signals = firstDelta.makeAsyncIterator()
        _ = await signals.next()
        consumer.cancel()
        let outcome = await consumer.value

        #expect(outcome.events == [.textDelta("one ")])
        #expect(outcome.error == nil)
        #expect(provider.streamEventsProduced == 1)
    }

    @Test func streamProducesNothingMoreOnceTheConsumerStops() async throws {
        let provider = ScriptedLLMProvider(replies: [.text("a b c d e f")])

        for try await event in provider.stream(question) {
            #expect(event == .textDelta("a "))
            break
        }

        #expect(provider.streamEventsProduced == 1)
    }
}
