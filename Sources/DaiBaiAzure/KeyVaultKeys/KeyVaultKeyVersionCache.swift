import Synchronization

/// The current version of a Key Vault key, remembered for a time-to-live so that each wrap
/// does not cost a `GET /keys/{name}`. Shared by all copies of one ``KeyVaultKeyEncryptionKey``.
final class KeyVaultKeyVersionCache: Sendable {
    private struct Entry {
        var version: String
        var expires: ContinuousClock.Instant
    }

    /// How long a looked-up version is used; zero disables the cache.
    let ttl: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let entry = Mutex<Entry?>(nil)

    init(ttl: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.ttl = ttl
        self.now = now
    }

    /// The cached version unless its time-to-live has passed.
    func current() -> String? {
        let instant = now()
        return entry.withLock { entry in
            guard let cached = entry, instant < cached.expires else { return nil }
            return cached.version
        }
    }

    /// Remembers `version` for ``ttl``.
    func store(_ version: String) {
        guard ttl > .zero else { return }
        let expires = now().advanced(by: ttl)
        entry.withLock { $0 = Entry(version: version, expires: expires) }
    }

    /// Forgets the cached version (for example after the vault said it does not exist).
    func invalidate() {
        entry.withLock { $0 = nil }
    }
}
