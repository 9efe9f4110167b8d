import DaiBaiCore

/// The keys of one tenant's chat data. Tenant, user and conversation ids are `[A-Za-z0-9_-]`,
/// so the `:`-separated parts cannot run into each other.
struct RedisChatKeys: Sendable {
    var prefix: String

    /// The conversation hash (ids are unique per tenant, so it is keyed by tenant).
    func conversation(_ id: String, tenant: TenantID) -> String { conversationPrefix(tenant) + id }

    /// The start of every conversation hash key of `tenant`.
    func conversationPrefix(_ tenant: TenantID) -> String { "\(prefix):t:\(tenant.rawValue):conversation:" }

    /// The list of a conversation's messages, in sequence order.
    func messages(_ id: String, tenant: TenantID) -> String { conversation(id, tenant: tenant) + ":messages" }

    /// The sorted set of one user's conversation ids, scored by minus the update time in ms.
    func index(_ context: RequestContext) -> String { "\(prefix):t:\(context.tenant.rawValue):u:\(context.user.rawValue):conversations" }
}
