/// How the server verifies callers (`server.auth`).
public enum ServerAuthMode: String, Sendable, Hashable, CaseIterable {
    /// OpenID Connect bearer tokens verified against the issuer's keys (`signin.*` settings).
    case oidc
    /// `Authorization: Bearer dev:<tenant>:<user>`, unverified; only ever on when set explicitly.
    case development
}
