@testable import DaiBaiCore
import Foundation
import Testing

@Suite("Hashing embedding provider")
struct HashingEmbeddingProviderTests {
    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }

    @Test("FNV-1a matches the published 64-bit test vectors")
    func fnvTestVectors() {
        #expect(FeatureHash.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(FeatureHash.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(FeatureHash.fnv1a("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test("Two instances give identical vectors, and embed matches vector(for:)")
    func determinism() async throws {
        let texts = ["How many singers do we have?", "concert_singer__singer_in_concert", "", "Ünïcode straße 42"]
        let first = try await HashingEmbeddingProvider().embed(texts)
        let second = try await HashingEmbeddingProvider().embed(texts)
        #expect(first == second)
        #expect(first[0] == HashingEmbeddingProvider().vector(for: texts[0]))
        #expect(first.allSatisfy { $0.count == 1024 })
    }

    @Test("A single word with n-grams off is one signed unit at its hashed bucket")
    func knownWordFeature() {
        let provider = HashingEmbeddingProvider(dimensions: 64, characterNGramWeight: 0)
        let hash = FeatureHash.hash("w:singer")
        let bucket = Int(hash % 64)
        let sign: Float = hash >> 63 == 1 ? -1 : 1
        var expected = [Float](repeating: 0, count: 64)
        expected[bucket] = sign
        // "Singers" folds to "singer"; "the" is a stop word.
        #expect(provider.vector(for: "the Singers") == expected)
    }

    @Test("Word, bigram and n-gram features combine with sublinear term frequency")
    func knownCombinedFeatures() {
        let dimensions = 4096
        let provider = HashingEmbeddingProvider(dimensions: dimensions, characterNGramSizes: 5...5, bigramWeight: 0.5, characterNGramWeight: 0.25)
        // Words: ab, ab, cd. Features: w:ab ×2, w:cd ×1, b:ab ab ×1, b:ab cd ×1; "<ab>" and "<cd>" have 4
        // characters so no 5-grams.
        var expected = [Float](repeating: 0, count: dimensions)
        func add(_ key: String, _ value: Float) {
            let hash = FeatureHash.hash(key)
            expected[Int(hash % UInt64(dimensions))] += (hash >> 63 == 1 ? -1 : 1) * value
        }
        add("w:ab", 1 + Float(log(2.0)))
        add("w:cd", 1)
        add("b:ab ab", 0.5)
        add("b:ab cd", 0.5)
        let norm = expected.reduce(0) { $0 + $1 * $1 }.squareRoot()
        expected = expected.map { $0 / norm }
        let actual = provider.vector(for: "ab ab cd")
        #expect(zip(actual, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        // One 5-gram per word once words are long enough: "<abc>".
        let grams = HashingEmbeddingProvider(dimensions: dimensions, characterNGramSizes: 5...5, bigramWeight: 0, characterNGramWeight: 1)
        var single = [Float](repeating: 0, count: dimensions)
        for key in ["w:abc", "c:<abc>"] {
            let hash = FeatureHash.hash(key)
            single[Int(hash % UInt64(dimensions))] += hash >> 63 == 1 ? -1 : 1
        }
        let singleNorm = single.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(zip(grams.vector(for: "abc"), single.map { $0 / singleNorm }).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test("Vectors are unit length; text without words is the zero vector")
    func normalisation() {
        let provider = HashingEmbeddingProvider()
        let vector = provider.vector(for: "Show the names of all stadiums with a capacity above 5000")
        #expect(abs(Self.cosine(vector, vector) - 1) < 1e-5)
        #expect(provider.vector(for: "").allSatisfy { $0 == 0 })
        #expect(provider.vector(for: "  ?! -- ").allSatisfy { $0 == 0 })
        #expect(provider.vector(for: "how many are there").allSatisfy { $0 == 0 })  // only stop words
    }

    @Test("Related texts are closer than unrelated ones")
    func similarity() {
        let provider = HashingEmbeddingProvider()
        let table = provider.vector(for: "singer singer_id name country song_name age is_male")
        let related = provider.vector(for: "What are the names and countries of all singers?")
        let unrelated = provider.vector(for: "Which flights depart from the airport with code APG?")
        #expect(Self.cosine(table, related) > 0.2)
        #expect(Self.cosine(table, related) > Self.cosine(table, unrelated) + 0.15)
        // Spelling variants share character n-grams.
        let variant = provider.vector(for: "singing")
        let other = provider.vector(for: "airport")
        #expect(Self.cosine(provider.vector(for: "singer"), variant) > Self.cosine(provider.vector(for: "singer"), other))
    }

    @Test("Identifiers split on underscores, camelCase and digits")
    func identifierSplitting() {
        let tokenizer = RetrievalTokenizer(removesStopWords: false)
        #expect(tokenizer.words(in: "concert_singer__singerID2") == ["concert", "singer", "singer", "id", "2"])
        #expect(tokenizer.words(in: "HTTPServerLog") == ["http", "server", "log"])
        #expect(tokenizer.words(in: "songName, Song-Release_year") == ["song", "name", "song", "release", "year"])
        #expect(tokenizer.words(in: "address_line1") == ["address", "line", "1"])
        #expect(RetrievalTokenizer().words(in: "How many singers do we have?") == ["singer"])
    }

    @Test("Plurals fold to the singular")
    func stemming() {
        let cases = [
            "singers": "singer", "countries": "country", "classes": "class", "boxes": "box", "matches": "match",
            "people": "person", "status": "status", "address": "address", "analysis": "analysis", "is": "is",
            "bus": "bus", "cities": "city", "dogs": "dog", "gas": "gas",
        ]
        for (word, stem) in cases {
            #expect(RetrievalTokenizer.stem(word) == stem, "\(word)")
        }
    }

    @Test("The name encodes the parameters and invalid parameters are clamped")
    func nameAndClamping() {
        #expect(HashingEmbeddingProvider().name == "hashing-ngram-v1(d=1024,c=3-4,b=0.5,n=0.3,stop)")
        #expect(HashingEmbeddingProvider().name != HashingEmbeddingProvider(dimensions: 2048).name)
        let clamped = HashingEmbeddingProvider(dimensions: 0, characterNGramSizes: -1...2, bigramWeight: -1, characterNGramWeight: -1)
        #expect(clamped.dimensions == 1)
        #expect(clamped.characterNGramSizes == 1...2)
        #expect(clamped.vector(for: "singer").count == 1)
    }
}
