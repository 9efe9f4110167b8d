/// Where tenants' own verified queries are kept (`server.verified-cache`).
public enum VerifiedCacheBackend: String, Sendable, Hashable, CaseIterable {
    /// In this process's memory (lost on restart; not shared between instances).
    case memory
    /// In Redis (`redis.url`), shared by every instance.
    case redis
}
