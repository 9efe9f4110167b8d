/// What a ``JWKSCache`` has done so far, for tests, health pages and capacity notes.
public struct JWKSCacheStatistics: Sendable, Equatable, CustomStringConvertible {
    /// Key-set fetches started (each reads the JWKS, and the discovery document first when
    /// none is held), whether they succeeded or not.
    public var fetchCount = 0
    /// Fetches among ``fetchCount`` that failed.
    public var failedFetchCount = 0
    /// Discovery documents requested.
    public var discoveryFetchCount = 0
    /// Lookups that waited for a fetch another lookup had started (single-flight).
    public var sharedFetchWaitCount = 0
    /// Unknown key ids refused without a fetch, because the last fetch was more recent than
    /// the minimum refetch interval.
    public var rateLimitedMissCount = 0
    /// RSA signing keys held now.
    public var keyCount = 0

    /// Creates statistics (all zero by default).
    public init(
        fetchCount: Int = 0,
        failedFetchCount: Int = 0,
        discoveryFetchCount: Int = 0,
        sharedFetchWaitCount: Int = 0,
        rateLimitedMissCount: Int = 0,
        keyCount: Int = 0
    ) {
        self.fetchCount = fetchCount
        self.failedFetchCount = failedFetchCount
        self.discoveryFetchCount = discoveryFetchCount
        self.sharedFetchWaitCount = sharedFetchWaitCount
        self.rateLimitedMissCount = rateLimitedMissCount
        self.keyCount = keyCount
    }

    /// One line with every counter.
    public var description: String {
        "JWKS fetches: \(fetchCount) (\(failedFetchCount) failed), discovery fetches: \(discoveryFetchCount), "
            + "shared waits: \(sharedFetchWaitCount), rate-limited misses: \(rateLimitedMissCount), keys: \(keyCount)"
    }
}
