/// The body of `POST {base}/embeddings` (OpenAI and Azure OpenAI).
struct OpenAIEmbeddingRequest: Encodable, Sendable {
    /// The model (for Azure, the deployment name).
    var model: String?
    /// The texts.
    var input: [String]
    /// Always `"float"`.
    var encodingFormat: String = "float"
    /// The requested vector length, for models that accept one.
    var dimensions: Int?

    enum CodingKeys: String, CodingKey {
        case model, input, encodingFormat = "encoding_format", dimensions
    }
}

/// The response of `POST {base}/embeddings`: `data[]` with `index` and `embedding`.
struct OpenAIEmbeddingResponse: Decodable, Sendable {
    /// One embedding.
    struct Item: Decodable, Sendable {
        /// The position of its text in the request.
        var index: Int
        /// The vector.
        var embedding: [Float]
    }

    /// The embeddings, in any order.
    var data: [Item]

    /// The vectors ordered by `index`, or `nil` unless the indices are exactly `0..<count`.
    func orderedVectors(count: Int) -> [[Float]]? {
        guard data.count == count else { return nil }
        var slots = [[Float]?](repeating: nil, count: count)
        for item in data {
            guard slots.indices.contains(item.index), slots[item.index] == nil else { return nil }
            slots[item.index] = item.embedding
        }
        let vectors = slots.compactMap { $0 }
        return vectors.count == count ? vectors : nil
    }
}
