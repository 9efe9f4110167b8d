/// Finds the verified query closest to a question.
public struct VerifiedQueryMatcher: Sendable, Hashable {
    /// The least cosine similarity that counts as the same question.
    public var threshold: Float

    /// Creates a matcher (default threshold 0.9).
    public init(threshold: Float = 0.9) { self.threshold = threshold }

    /// A match and its similarity.
    public struct Match: Sendable, Hashable {
        /// The verified query.
        public var query: VerifiedQueryRecord
        /// Its cosine similarity to the question.
        public var similarity: Float
    }

    /// The most similar of `candidates` to `questionVector` at or above the threshold, if any.
    /// Vectors are expected L2-normalised, so the similarity is their dot product.
    public func bestMatch(for questionVector: [Float], among candidates: [VerifiedQueryRecord]) -> Match? {
        var best: Match?
        for candidate in candidates where candidate.vector.count == questionVector.count {
            var dot: Float = 0
            for index in questionVector.indices { dot += questionVector[index] * candidate.vector[index] }
            if dot >= threshold, dot > (best?.similarity ?? -.infinity) {
                best = Match(query: candidate, similarity: dot)
            }
        }
        return best
    }
}
