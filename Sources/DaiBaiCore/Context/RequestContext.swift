/// Who a call is made for. Every store API takes one, and never reads or lists across its tenant.
///
/// A context is a value passed with each call: nothing request-specific is kept on long-lived
/// objects, so concurrent requests of different tenants cannot interfere.
public struct RequestContext: Sendable, Hashable, CustomStringConvertible {
    /// The tenant that owns every record read or written with this context.
    public var tenant: TenantID
    /// The user inside the tenant.
    public var user: UserID

    /// Creates a context for `user` of `tenant`.
    public init(tenant: TenantID, user: UserID) {
        self.tenant = tenant
        self.user = user
    }

    /// The context of a single-user local installation (`local`/`local`).
    public static let local = RequestContext(tenant: .local, user: .local)

    /// `tenant/user`, for logs.
    public var description: String { "\(tenant.rawValue)/\(user.rawValue)" }
}
