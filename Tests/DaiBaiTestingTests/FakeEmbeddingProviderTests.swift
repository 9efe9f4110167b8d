import DaiBaiCore
import DaiBaiTesting
import Testing

@Suite struct FakeEmbeddingProviderTests {
    private func cosine(_ a: [Float], _ b: [Float]) -> Float {
        let dot = zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        let normA = a.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        let normB = b.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        return dot / (normA * normB)
    }

    @Test func everyVectorHasTheConfiguredLengthAndUnitNorm() async throws {
        let provider = FakeEmbeddingProvider(dimensions: 32)
        let vectors = try await provider.embed(["customers in Berlin", "orders per month", "x"])

        #expect(provider.dimensions == 32)
        #expect(vectors.count == 3)
        for vector in vectors {
            #expect(vector.count == 32)
            let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
    }

    @Test func isDeterministicAcrossInstances() async throws {
        let texts = ["total revenue by region", "List the customers who ordered twice", ""]
        let first = try await FakeEmbeddingProvider(dimensions: 48).embed(texts)
        let second = try await FakeEmbeddingProvider(dimensions: 48).embed(texts)

        #expect(first == second)
    }

    /// Pins the documented algorithm to the published FNV-1a 64-bit test vectors
    /// ("a" = 0xaf63dc4c8601ec8c, "foobar" = 0x85944171f73967e8), so vectors are stable across processes.
    @Test func usesFNV1aBucketsAndSigns() async throws {
        let provider = FakeEmbeddingProvider(dimensions: 8)
        let vectors = try await provider.embed(["a", "A foobar"])
        let half = Float(0.5).squareRoot()

        // 0x...8c % 8 == 4, top bit set -> -1 in bucket 4.
        #expect(vectors[0] == [0, 0, 0, 0, -1, 0, 0, 0])
        // 0x...e8 % 8 == 0, top bit set -> -1 in bucket 0.
        let expected: [Float] = [-half, 0, 0, 0, -half, 0, 0, 0]
        #expect(zip(vectors[1], expected).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func relatedTextsAreCloserThanUnrelatedOnes() async throws {
        let provider = FakeEmbeddingProvider(dimensions: 256)
        let vectors = try await provider.embed([
            "show the customers in Berlin",
            "list customers from Berlin",
            "average invoice amount per month",
        ])

        let related = cosine(vectors[0], vectors[1])
        let unrelated = cosine(vectors[0], vectors[2])
        #expect(related > 0.3)
        #expect(related > unrelated + 0.2)
    }

    @Test func ignoresCaseAndPunctuation() async throws {
        let provider = FakeEmbeddingProvider(dimensions: 16)
        let vectors = try await provider.embed(["Customers, BERLIN!", "customers berlin"])

        #expect(vectors[0] == vectors[1])
    }

    @Test func textWithoutWordsGivesTheZeroVector() async throws {
        let vectors = try await FakeEmbeddingProvider(dimensions: 4).embed(["", "  ?! "])

        #expect(vectors == [[0, 0, 0, 0], [0, 0, 0, 0]])
    }

    @Test func recordsCallsAndFailsWhenScripted() async throws {
        let provider = FakeEmbeddingProvider(dimensions: 8, failure: .transport(provider: "fake", message: "offline"))

        await #expect(throws: LLMError.transport(provider: "fake", message: "offline")) {
            try await provider.embed(["a"])
        }
        provider.setFailure(nil)
        let vectors = try await provider.embed(["b", "c"])

        #expect(vectors.count == 2)
        #expect(provider.calls == [["a"], ["b", "c"]])
    }
}
