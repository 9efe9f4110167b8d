import DaiBaiCore

/// Which claims of a verified token become the request's tenant and user.
///
/// Entra External ID and Entra ID put the directory's GUID in `tid` and the user's object id
/// (a GUID) in `oid`, so the default maps `tid` → `TenantID` and `oid` → `UserID`. Azure AD
/// B2C tokens carry no `tid` and only carry `oid` when the user flow emits it; the user's object
/// id is then in `sub`, so list `["oid", "sub"]` as user claims.
///
/// A single-tenant application (every signed-in user belongs to one DaiBai tenant) uses
/// ``Tenant/fixed(_:)``: the tenant comes from configuration, never from the token.
///
/// A claim that is missing, not a string, or not a valid identifier (1–64 characters of
/// `A-Z a-z 0-9 - _` for tenants, 1–128 for users) refuses the request with
/// `AuthenticationError.invalidClaim`.
public struct SignInClaimMapping: Sendable, Equatable {
    /// Where the tenant of a request comes from.
    public enum Tenant: Sendable, Equatable {
        /// The string claim with this name (for example `tid`).
        case claim(String)
        /// This tenant, for every verified token (single-tenant applications).
        case fixed(TenantID)
    }

    /// Where the tenant comes from; `.claim("tid")` by default.
    public var tenant: Tenant
    /// The claims tried for the user, in order; the first one present is used (it must then
    /// be valid). `["oid"]` by default.
    public var userClaims: [String]

    /// Creates a mapping.
    public init(tenant: Tenant = .claim("tid"), userClaims: [String] = ["oid"]) {
        self.tenant = tenant
        self.userClaims = userClaims
    }

    /// `tid` → tenant, `oid` → user: Entra External ID and Entra ID tokens.
    public static let entra = SignInClaimMapping()
}
