/// Small helpers for dense float vectors.
enum VectorMath {
    /// Scales `vector` to unit L2 length; leaves the zero vector (and non-finite input) as is.
    static func normalize(_ vector: inout [Float]) {
        var sum: Float = 0
        for value in vector { sum += value * value }
        guard sum > 0, sum.isFinite else { return }
        let scale = 1 / sum.squareRoot()
        for index in vector.indices { vector[index] *= scale }
    }
}
