import DaiBaiCore
import Synchronization

/// An ``LLMProvider`` that answers from a script of replies or a handler closure, without any network.
///
/// Scripted replies are used in order, one per ``complete(_:)`` or ``stream(_:)`` call. When
/// none are left, the handler (if any) answers; otherwise the call fails with
/// ``LLMError/misconfigured(provider:message:)`` saying the script is exhausted.
/// Every request is recorded in ``requests`` for assertions.
///
/// Streams are demand-driven: each event is produced only when the consumer asks for it, so a
/// consumer that stops iterating, or whose task is cancelled, stops the stream at once.
public final class ScriptedLLMProvider: LLMProvider {
    /// One scripted answer.
    public enum Reply: Sendable, Equatable {
        /// Answer with this text, usage and finish reason.
        case success(text: String, usage: TokenUsage?, finishReason: FinishReason)
        /// Fail with this error.
        case failure(LLMError)

        /// A successful answer; `usage` defaults to `nil` (not reported) and `finishReason` to `.stop`.
        public static func text(_ text: String, usage: TokenUsage? = nil, finishReason: FinishReason = .stop) -> Reply {
            .success(text: text, usage: usage, finishReason: finishReason)
        }
    }

    /// How ``stream(_:)`` splits an answer's text into ``LLMStreamEvent/textDelta(_:)`` events.
    /// The deltas always concatenate to the full text.
    public enum Chunking: Sendable, Hashable {
        /// One delta per word, each carrying the whitespace that follows it.
        case words
        /// Deltas of this many characters (the last may be shorter); values below 1 count as 1.
        case characters(Int)
        /// The whole text in one delta.
        case whole
    }

    /// A closure that answers a request when the script has no replies left.
    public typealias Handler = @Sendable (LLMRequest) async throws(LLMError) -> LLMResponse

    private struct State {
        var replies: [Reply]
        var scriptedCount: Int
        var requests: [LLMRequest] = []
        var streamEventsProduced = 0
    }

    /// The provider name reported in responses and errors.
    public let name: String
    /// The model name reported in scripted responses.
    public let model: String
    /// How streamed text is split into deltas.
    public let chunking: Chunking
    private let handler: Handler?
    private let state: Mutex<State>

    /// Creates a provider that answers with `replies` in order, then with `handler` if given.
    public init(name: String = "scripted", model: String = "scripted-model", replies: [Reply], chunking: Chunking = .words, handler: Handler? = nil) {
        self.name = name
        self.model = model
        self.chunking = chunking
        self.handler = handler
        self.state = Mutex(State(replies: replies, scriptedCount: replies.count))
    }

    /// Creates a provider that answers every request with `handler`.
    public convenience init(name: String = "scripted", model: String = "scripted-model", chunking: Chunking = .words, handler: @escaping Handler) {
        self.init(name: name, model: model, replies: [], chunking: chunking, handler: handler)
    }

    /// Appends replies to the end of the script.
    public func enqueue(_ replies: [Reply]) {
        state.withLock {
            $0.replies.append(contentsOf: replies)
            $0.scriptedCount += replies.count
        }
    }

    /// Appends replies to the end of the script.
    public func enqueue(_ replies: Reply...) {
        enqueue(replies)
    }

    /// Every request received so far by ``complete(_:)`` and ``stream(_:)``, in order.
    public var requests: [LLMRequest] {
        state.withLock { $0.requests }
    }

    /// How many scripted replies have not been used yet.
    public var remainingReplies: Int {
        state.withLock { $0.replies.count }
    }

    /// How many stream events all streams have handed to their consumers so far.
    public var streamEventsProduced: Int {
        state.withLock { $0.streamEventsProduced }
    }

    /// Answers with the next scripted reply, or the handler when the script is used up.
    ///
    /// Throws ``LLMError/cancelled`` without using a reply when the calling task is cancelled.
    public func complete(_ request: LLMRequest) async throws(LLMError) -> LLMResponse {
        let next = state.withLock { takeNext(for: request, from: &$0, cancelled: Task.isCancelled) }
        switch next {
        case .reply(.success(let text, let usage, let finishReason)):
            return LLMResponse(text: text, usage: usage, finishReason: finishReason, model: model)
        case .reply(.failure(let error)):
            throw error
        case .handler(let handler):
            return try await handler(request)
        case .fail(let error):
            throw error
        }
    }

    /// Streams the next scripted reply (or the handler's answer): its text as deltas split by
    /// ``chunking``, then `.usage` (when the reply has usage), then `.finished`.
    ///
    /// The scripted reply is taken when this method is called; a failure is thrown by the first
    /// `next()`. The stream ends without further events once the consuming task is cancelled.
    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        let next = state.withLock { takeNext(for: request, from: &$0, cancelled: false) }
        let cursor: StreamCursor
        switch next {
        case .reply(.success(let text, let usage, let finishReason)):
            cursor = StreamCursor(.events(Self.events(text: text, usage: usage, finishReason: finishReason, chunking: chunking)))
        case .reply(.failure(let error)), .fail(let error):
            cursor = StreamCursor(.failing(error))
        case .handler:
            cursor = StreamCursor(.awaitingHandler)
        }
        let handler = self.handler
        let chunking = self.chunking
        return AsyncThrowingStream(unfolding: { [self] () async throws -> LLMStreamEvent? in
            if Task.isCancelled {
                cursor.finish()
                return nil
            }
            switch cursor.advance() {
            case .event(let event):
                self.state.withLock { $0.streamEventsProduced += 1 }
                return event
            case .end:
                return nil
            case .fail(let error):
                throw error
            case .callHandler:
                guard let handler else {
                    cursor.finish()
                    throw LLMError.misconfigured(provider: self.name, message: "ScriptedLLMProvider has no handler.")
                }
                do {
                    let response = try await handler(request)
                    cursor.load(Self.events(text: response.text, usage: response.usage, finishReason: response.finishReason, chunking: chunking))
                } catch {
                    cursor.finish()
                    throw error
                }
                if Task.isCancelled {
                    cursor.finish()
                    return nil
                }
                guard case .event(let event) = cursor.advance() else { return nil }
                self.state.withLock { $0.streamEventsProduced += 1 }
                return event
            }
        })
    }

    // MARK: - Script handling

    private enum Next {
        case reply(Reply)
        case handler(Handler)
        case fail(LLMError)
    }

    private func takeNext(for request: LLMRequest, from state: inout State, cancelled: Bool) -> Next {
        state.requests.append(request)
        if cancelled {
            return .fail(.cancelled)
        }
        if !state.replies.isEmpty {
            return .reply(state.replies.removeFirst())
        }
        if let handler {
            return .handler(handler)
        }
        let message = "the script is exhausted: request #\(state.requests.count) arrived but all \(state.scriptedCount) scripted "
            + "replies were used. Script more replies (init(replies:) or enqueue(_:)) or pass a handler."
        return .fail(.misconfigured(provider: name, message: message))
    }

    private static func events(text: String, usage: TokenUsage?, finishReason: FinishReason, chunking: Chunking) -> [LLMStreamEvent] {
        var events = chunks(of: text, by: chunking).map(LLMStreamEvent.textDelta)
        if let usage { events.append(.usage(usage)) }
        events.append(.finished(finishReason))
        return events
    }

    private static func chunks(of text: String, by chunking: Chunking) -> [String] {
        switch chunking {
        case .whole:
            return text.isEmpty ? [] : [text]
        case .characters(let count):
            let size = max(1, count)
            var result: [String] = []
            var start = text.startIndex
            while start < text.endIndex {
                let end = text.index(start, offsetBy: size, limitedBy: text.endIndex) ?? text.endIndex
                result.append(String(text[start..<end]))
                start = end
            }
            return result
        case .words:
            var result: [String] = []
            var current = ""
            var previousWasWhitespace = false
            for character in text {
                if previousWasWhitespace, !character.isWhitespace, !current.isEmpty {
                    result.append(current)
                    current = ""
                }
                current.append(character)
                previousWasWhitespace = character.isWhitespace
            }
            if !current.isEmpty { result.append(current) }
            return result
        }
    }
}

/// The position of one stream in its list of events.
private final class StreamCursor: Sendable {
    enum Phase {
        case awaitingHandler
        case callingHandler
        case events([LLMStreamEvent])
        case failing(LLMError)
        case finished
    }

    enum Step {
        case event(LLMStreamEvent)
        case callHandler
        case fail(LLMError)
        case end
    }

    private let phase: Mutex<Phase>

    init(_ phase: Phase) {
        self.phase = Mutex(phase)
    }

    /// Takes the next step and moves past it.
    func advance() -> Step {
        phase.withLock { phase in
            switch phase {
            case .awaitingHandler:
                phase = .callingHandler
                return .callHandler
            case .callingHandler, .finished:
                return .end
            case .failing(let error):
                phase = .finished
                return .fail(error)
            case .events(var remaining):
                guard !remaining.isEmpty else {
                    phase = .finished
                    return .end
                }
                let event = remaining.removeFirst()
                phase = remaining.isEmpty ? .finished : .events(remaining)
                return .event(event)
            }
        }
    }

    /// Replaces the pending handler call with its events.
    func load(_ events: [LLMStreamEvent]) {
        phase.withLock { $0 = .events(events) }
    }

    /// Ends the stream: every later step is `.end`.
    func finish() {
        phase.withLock { $0 = .finished }
    }
}
