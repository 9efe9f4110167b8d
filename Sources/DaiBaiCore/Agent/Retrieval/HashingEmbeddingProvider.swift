import Foundation

/// A local, deterministic ``EmbeddingProvider`` that needs no network and no model: signed feature
/// hashing of words, word pairs and character n-grams.
///
/// Text is split into words by the retrieval tokenizer (identifiers split on `_`, camelCase and
/// digits; lower-cased; plurals folded, so `Singers`, `singer_id` and `singerName` all yield
/// `singer`; question filler words dropped). The features are
/// - every word (`w:singer`, weight 1),
/// - every pair of adjacent words (`b:concert singer`, weight ``bigramWeight``),
/// - every character n-gram of every word with boundary markers (`c:<si`, `c:sin`, …, `c:er>`,
///   sizes ``characterNGramSizes``, weight ``characterNGramWeight``), which match spelling
///   variants and partial words.
///
/// Each feature's key is hashed with a stable FNV-1a hash (never Swift's per-process `hashValue`),
/// so the same text gives the same vector in every process. The hash picks a bucket among
/// ``dimensions`` and a sign (which keeps collisions unbiased); the value is
/// `sign × weight × (1 + ln(count))` (sublinear term frequency). The vector is L2-normalised;
/// a text without words gives the zero vector. Cost is linear in the text's length.
public struct HashingEmbeddingProvider: EmbeddingProvider {
    /// The length of every vector.
    public let dimensions: Int
    /// The character n-gram sizes; `3...4` uses trigrams and four-grams.
    public let characterNGramSizes: ClosedRange<Int>
    /// The weight of a word-pair feature relative to a single word (1).
    public let bigramWeight: Float
    /// The weight of one character n-gram relative to a single word (1); 0 turns n-grams off.
    public let characterNGramWeight: Float
    /// Whether question filler words ("the", "how", "many", "show", …) are dropped.
    public let removesStopWords: Bool
    /// A name that encodes every parameter, so vectors of differently configured instances are
    /// never mixed in a cache, for example `"hashing-ngram-v1(d=1024,c=3-4,b=0.5,n=0.3,stop)"`.
    public let name: String

    private let tokenizer: RetrievalTokenizer

    /// Creates a vectoriser.
    /// - Parameters:
    ///   - dimensions: The number of hash buckets, which is the vector length (at least 1).
    ///     1024 keeps collisions rare for table descriptions and questions.
    ///   - characterNGramSizes: The character n-gram sizes, counted with the `<` and `>` word
    ///     boundary markers (sizes below 1 are raised to 1).
    ///   - bigramWeight: The weight of a pair of adjacent words (negative values count as 0).
    ///   - characterNGramWeight: The weight of one character n-gram (negative values count as 0).
    ///   - removesStopWords: Whether question filler words are dropped.
    public init(
        dimensions: Int = 1024,
        characterNGramSizes: ClosedRange<Int> = 3...4,
        bigramWeight: Float = 0.5,
        characterNGramWeight: Float = 0.3,
        removesStopWords: Bool = true
    ) {
        self.dimensions = max(1, dimensions)
        self.characterNGramSizes = max(1, characterNGramSizes.lowerBound)...max(1, characterNGramSizes.upperBound)
        self.bigramWeight = max(0, bigramWeight)
        self.characterNGramWeight = max(0, characterNGramWeight)
        self.removesStopWords = removesStopWords
        self.tokenizer = RetrievalTokenizer(removesStopWords: removesStopWords)
        self.name = "hashing-ngram-v1(d=\(self.dimensions),c=\(self.characterNGramSizes.lowerBound)-\(self.characterNGramSizes.upperBound),"
            + "b=\(self.bigramWeight),n=\(self.characterNGramWeight)\(removesStopWords ? ",stop" : ""))"
    }

    /// One vector per text, in order. Never fails.
    public func embed(_ texts: [String]) async throws(LLMError) -> [[Float]] {
        texts.map { vector(for: $0) }
    }

    /// The L2-normalised vector of one text, synchronously; the zero vector when it has no words.
    public func vector(for text: String) -> [Float] {
        let words = tokenizer.words(in: text)
        // Features in first-seen order, so the floating-point sums below never depend on
        // Dictionary's per-process iteration order.
        var features: [FeatureCount] = []
        var positions: [UInt64: Int] = [:]
        features.reserveCapacity(words.count * 12)
        positions.reserveCapacity(words.count * 12)
        func add(_ hash: FeatureHash, weight: Float) {
            let key = hash.value
            if let position = positions[key] {
                features[position].count += 1
            } else {
                positions[key] = features.count
                features.append(FeatureCount(hash: key, weight: weight))
            }
        }
        for word in words {
            var hash = FeatureHash()
            hash.combine("w:")
            hash.combine(word)
            add(hash, weight: 1)
        }
        if bigramWeight > 0, words.count > 1 {
            for index in 1..<words.count {
                var hash = FeatureHash()
                hash.combine("b:")
                hash.combine(words[index - 1])
                hash.combine(0x20)
                hash.combine(words[index])
                add(hash, weight: bigramWeight)
            }
        }
        if characterNGramWeight > 0 {
            var scalars: [Unicode.Scalar] = []
            for word in words {
                scalars.removeAll(keepingCapacity: true)
                scalars.append("<")
                scalars.append(contentsOf: word.unicodeScalars)
                scalars.append(">")
                for size in characterNGramSizes where size <= scalars.count {
                    for start in 0...(scalars.count - size) {
                        var hash = FeatureHash()
                        hash.combine("c:")
                        for offset in start..<(start + size) { hash.combine(scalars[offset]) }
                        add(hash, weight: characterNGramWeight)
                    }
                }
            }
        }
        var vector = [Float](repeating: 0, count: dimensions)
        for feature in features {
            let hash = feature.hash
            let bucket = Int(hash % UInt64(dimensions))
            let sign: Float = hash >> 63 == 1 ? -1 : 1
            vector[bucket] += sign * feature.weight * (1 + Float(Foundation.log(Double(feature.count))))
        }
        VectorMath.normalize(&vector)
        return vector
    }
}

/// How often one feature occurs in a text, and its weight.
private struct FeatureCount {
    var hash: UInt64
    var weight: Float
    var count: Float = 1
}
