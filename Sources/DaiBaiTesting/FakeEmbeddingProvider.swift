import DaiBaiCore
import Synchronization

/// An ``EmbeddingProvider`` that computes deterministic vectors locally, without any network.
///
/// A text is lowercased and split into words of letters and digits; each word is hashed with
/// 64-bit FNV-1a into one of ``dimensions`` buckets (adding +1 or -1 by a hash bit), and the
/// vector is L2-normalised. The same text always gives the same vector, in every process, and
/// texts that share words get similar vectors. A text without words gives the zero vector.
public final class FakeEmbeddingProvider: EmbeddingProvider {
    private struct State {
        var calls: [[String]] = []
        var failure: LLMError?
    }

    /// The provider name, for messages and cache keys.
    public let name: String
    /// The length of every vector.
    public let dimensions: Int
    private let state: Mutex<State>

    /// Creates a provider of `dimensions`-long vectors (values below 1 count as 1) that fails
    /// every call with `failure` when it is given.
    public init(name: String = "fake-embedding", dimensions: Int = 64, failure: LLMError? = nil) {
        self.name = name
        self.dimensions = max(1, dimensions)
        self.state = Mutex(State(failure: failure))
    }

    /// Every batch of texts passed to ``embed(_:)``, in order, including calls that failed.
    public var calls: [[String]] {
        state.withLock { $0.calls }
    }

    /// Makes every later ``embed(_:)`` call fail with `error`, or succeed again when `nil`.
    public func setFailure(_ error: LLMError?) {
        state.withLock { $0.failure = error }
    }

    /// One vector per text, in order; throws the configured failure, if any.
    public func embed(_ texts: [String]) async throws(LLMError) -> [[Float]] {
        let failure = state.withLock { state -> LLMError? in
            state.calls.append(texts)
            return state.failure
        }
        if let failure { throw failure }
        return texts.map(vector(for:))
    }

    /// The vector ``embed(_:)`` returns for `text`, without recording a call.
    public func vector(for text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: dimensions)
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }
        for word in words {
            let hash = Self.fnv1a(word.utf8)
            let bucket = Int(hash % UInt64(dimensions))
            vector[bucket] += (hash >> 63) == 0 ? 1 : -1
        }
        let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return vector }
        return vector.map { $0 / norm }
    }

    /// The 64-bit FNV-1a hash of `bytes`: stable across processes, unlike `hashValue`.
    private static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
