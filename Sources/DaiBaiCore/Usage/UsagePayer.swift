/// Whose model key paid for a request's tokens.
public enum UsagePayer: String, Sendable, Hashable, Codable, CaseIterable {
    /// The platform's own key: the tokens are charged to the tenant.
    case platform
    /// The tenant's key (a tenant-wide secret): the vendor bills the tenant directly.
    case tenant
    /// The user's own key from their ``UserKeyVault`` (bring your own key): the vendor bills the user.
    case byok

    /// Whether the platform pays the vendor for these tokens, and so charges for them.
    public var isPlatformCharged: Bool { self == .platform }
}
