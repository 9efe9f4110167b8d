/// A stable 64-bit hash of retrieval features: FNV-1a over UTF-8 bytes followed by the MurmurHash3
/// 64-bit finaliser for well-mixed low and high bits.
///
/// Unlike Swift's `hashValue` it is the same in every process and on every platform, so vectors
/// built today match vectors built tomorrow. Feed bytes with ``combine(_:)-(UInt8)`` and read
/// ``value``; hashing the key `"w:singer"` byte by byte equals ``hash(_:)`` of that string.
struct FeatureHash: Sendable {
    /// The FNV-1a 64-bit offset basis.
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    /// The FNV-1a 64-bit prime.
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The raw FNV-1a state.
    private(set) var fnv: UInt64 = Self.offsetBasis

    /// An empty hash.
    init() {}

    /// Feeds one byte.
    mutating func combine(_ byte: UInt8) {
        fnv = (fnv ^ UInt64(byte)) &* Self.prime
    }

    /// Feeds the UTF-8 bytes of a string.
    mutating func combine(_ text: String) {
        for byte in text.utf8 { combine(byte) }
    }

    /// Feeds the UTF-8 bytes of one Unicode scalar.
    mutating func combine(_ scalar: Unicode.Scalar) {
        guard let encoded = UTF8.encode(scalar) else { return }
        for byte in encoded { combine(byte) }
    }

    /// The mixed hash of everything fed so far.
    var value: UInt64 { Self.mix(fnv) }

    /// The plain FNV-1a 64-bit hash of a string's UTF-8 bytes (no mixing).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash = FeatureHash()
        hash.combine(text)
        return hash.fnv
    }

    /// The mixed hash of a string's UTF-8 bytes.
    static func hash(_ text: String) -> UInt64 {
        var hash = FeatureHash()
        hash.combine(text)
        return hash.value
    }

    /// MurmurHash3's 64-bit finaliser.
    static func mix(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h &*= 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }
}
