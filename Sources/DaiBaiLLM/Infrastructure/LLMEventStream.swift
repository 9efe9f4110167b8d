import DaiBaiCore

/// Builds the `AsyncThrowingStream` every provider returns from `stream(_:)`.
///
/// The producer runs in its own task and yields events as they are decoded. When the consumer
/// stops (its task is cancelled, or it drops the stream) the producer task is cancelled at
/// once, which cancels the HTTP request and its body. A producer failure ends the stream with
/// that ``LLMError``.
enum LLMEventStream {
    /// Passes events to the consumer.
    typealias Continuation = AsyncThrowingStream<LLMStreamEvent, any Error>.Continuation

    /// A stream fed by `producer`.
    static func make(
        _ producer: @escaping @Sendable (Continuation) async throws(LLMError) -> Void
    ) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<LLMStreamEvent, any Error>.makeStream()
        let task = Task {
            do throws(LLMError) {
                try await producer(continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
