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
        questionVector.withUnsafeBufferPointer { question in
            for candidate in candidates where candidate.vector.count == question.count {
                let dot = candidate.vector.withUnsafeBufferPointer { Self.dot(question, $0) }
                if dot >= threshold, dot > (best?.similarity ?? -.infinity) {
                    best = Match(query: candidate, similarity: dot)
                }
            }
        }
        return best
    }

    /// The dot product of two equally long vectors, in 8-wide partial sums.
    static func dot(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Float {
        var sums = SIMD8<Float>(repeating: 0)
        let wide = a.count / 8 * 8
        var index = 0
        while index < wide {
            sums += SIMD8(a[index..<index + 8]) * SIMD8(b[index..<index + 8])
            index += 8
        }
        var total = sums.sum()
        while index < a.count {
            total += a[index] * b[index]
            index += 1
        }
        return total
    }
}
