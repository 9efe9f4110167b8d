/// A small seeded pseudo-random generator (SplitMix64) for the sample data.
///
/// The same seed always yields the same sequence on every platform, so the generated
/// databases are reproducible. It is not suitable for anything security-related.
struct SampleRandom: Sendable {
    private var state: UInt64

    /// Starts the sequence for `seed`.
    init(seed: UInt64) {
        self.state = seed
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range` (uniform up to a negligible modulo bias).
    mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % width)
    }

    /// `true` with probability `percent` / 100.
    mutating func chance(percent: Int) -> Bool {
        int(in: 0...99) < percent
    }

    /// One element of `items`, which must not be empty.
    mutating func pick<T>(_ items: [T]) -> T {
        items[int(in: 0...(items.count - 1))]
    }

    /// An index into `weights`, chosen with probability proportional to its weight.
    ///
    /// `weights` must hold at least one positive weight; negative weights count as zero.
    mutating func weightedIndex(_ weights: [Int]) -> Int {
        let total = weights.reduce(0) { $0 + max(0, $1) }
        guard total > 0 else { return 0 }
        var remaining = int(in: 0...(total - 1))
        for (index, weight) in weights.enumerated() where weight > 0 {
            if remaining < weight { return index }
            remaining -= weight
        }
        return weights.count - 1
    }
}
