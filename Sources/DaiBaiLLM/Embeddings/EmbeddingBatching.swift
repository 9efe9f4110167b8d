import DaiBaiCore
import HTTPTypes

/// The batching and checking every embedding provider of this module shares: splits the
/// texts into batches, sends them one after another, and checks that each batch returned one
/// vector per text, each of the configured length.
enum EmbeddingBatching {
    /// The vectors for `texts`, in order, computed `batchSize` texts at a time by `send`.
    ///
    /// An empty `texts` returns `[]` without calling `send`.
    ///
    /// - Throws: ``LLMError/cancelled`` when the task is cancelled between batches; the
    ///   error of `send`; ``LLMError/transport(provider:message:)`` when a batch returned the
    ///   wrong number of vectors or a vector of the wrong length.
    static func embed(
        provider: String,
        texts: [String],
        batchSize: Int,
        dimensions: Int,
        send: (_ batch: [String]) async throws(LLMError) -> [[Float]]
    ) async throws(LLMError) -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let size = max(1, batchSize)
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            if Task.isCancelled { throw .cancelled }
            let end = min(start + size, texts.count)
            let batch = Array(texts[start..<end])
            let result = try await send(batch)
            guard result.count == batch.count else {
                throw .transport(
                    provider: provider,
                    message: "the embedding response has \(result.count) vectors for \(batch.count) texts (texts \(start)..<\(end))"
                )
            }
            for (offset, vector) in result.enumerated() where vector.count != dimensions {
                throw .transport(
                    provider: provider,
                    message: "the embedding of text \(start + offset) has \(vector.count) dimensions, expected \(dimensions); check the configured model and dimensions"
                )
            }
            vectors.append(contentsOf: result)
            start = end
        }
        return vectors
    }

    /// `headers` without the fields the provider sets itself.
    static func sanitized(_ headers: HTTPFields, removing names: [HTTPField.Name]) -> HTTPFields {
        var headers = headers
        for name in [HTTPField.Name.authorization, .contentType, .accept] + names { headers[name] = nil }
        return headers
    }

    /// Throws ``LLMError/misconfigured(provider:message:)`` unless `batchSize` and `dimensions` are positive.
    static func validate(provider: String, batchSize: Int, dimensions: Int) throws(LLMError) {
        guard batchSize > 0 else { throw .misconfigured(provider: provider, message: "the embedding batch size must be positive (got \(batchSize))") }
        guard dimensions > 0 else { throw .misconfigured(provider: provider, message: "the embedding dimensions must be positive (got \(dimensions))") }
    }
}
