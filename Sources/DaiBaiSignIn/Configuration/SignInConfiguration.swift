import DaiBaiCore
import Foundation

/// What a bearer token must prove, and where the proof's keys come from.
///
/// - ``issuer`` is compared with the token's `iss` character for character, and must also be
///   the `issuer` of the discovery document.
/// - ``audience`` (the application's client id) must be one of the token's `aud` values.
/// - ``metadataURL`` is the OpenID Connect discovery document; by default
///   `{issuer}/.well-known/openid-configuration`. Azure AD B2C serves one per user flow (policy),
///   so set it explicitly there, or use ``azureADB2C(tenantName:tenantID:policy:clientID:claimMapping:)``.
///
/// Every URL must be `https`; plain `http` is accepted for loopback hosts only (tests, a local
/// identity provider). The values are checked when the configuration is created.
public struct SignInConfiguration: Sendable, Equatable {
    /// The exact `iss` of accepted tokens.
    public let issuer: String
    /// The client id that must be in the token's `aud`.
    public let audience: String
    /// The URL of the OpenID Connect discovery document.
    public let metadataURL: String
    /// Which claims become the tenant and user of the request.
    public let claimMapping: SignInClaimMapping
    /// How far the issuer's clock may be from ours when `exp`, `nbf` and `iat` are checked;
    /// 60 s by default, at most 5 minutes.
    public let clockSkew: Duration
    /// The least time between two fetches of the key set caused by tokens whose `kid` is not
    /// in the cached set (or by keys older than ``jwksMaximumAge``); 5 minutes by default.
    /// Within it, an unknown `kid` is refused at once, so forged key ids cannot make the
    /// service hammer the identity provider.
    public let jwksMinimumRefetchInterval: Duration
    /// How long a fetched key set is used before it is fetched again (so a key the issuer
    /// withdrew stops being accepted); 24 hours by default. If that refresh fails, the keys
    /// already held keep verifying tokens until a refresh succeeds.
    public let jwksMaximumAge: Duration
    /// The longest to wait for the discovery document's or the key set's response head;
    /// 10 s by default.
    public let requestTimeout: Duration

    /// The path appended to the issuer when no metadata URL is given.
    public static let discoveryPath = "/.well-known/openid-configuration"

    /// The largest accepted ``clockSkew``.
    public static let maximumClockSkew: Duration = .seconds(300)

    /// Creates a configuration, checking every value.
    ///
    /// - Parameters:
    ///   - issuer: The exact `iss` of accepted tokens (an `https` URL).
    ///   - audience: The application (client) id the tokens are issued for.
    ///   - metadataURL: The discovery document; `{issuer}/.well-known/openid-configuration` when `nil`.
    ///   - claimMapping: Tenant and user claims; `tid` and `oid` by default.
    ///   - clockSkew: Allowed clock difference, 0…5 minutes; 60 s by default.
    ///   - jwksMinimumRefetchInterval: Least time between key-set refetches; 5 minutes by default.
    ///   - jwksMaximumAge: When held keys are refreshed; 24 hours by default.
    ///   - requestTimeout: Per-request timeout of the fetches; 10 s by default.
    public init(
        issuer: String,
        audience: String,
        metadataURL: String? = nil,
        claimMapping: SignInClaimMapping = .entra,
        clockSkew: Duration = .seconds(60),
        jwksMinimumRefetchInterval: Duration = .seconds(300),
        jwksMaximumAge: Duration = .seconds(86_400),
        requestTimeout: Duration = .seconds(10)
    ) throws(SignInConfigurationError) {
        guard SignInEndpoint.isAcceptable(issuer) else { throw .invalidIssuer(issuer) }
        guard !audience.trimmingCharacters(in: .whitespaces).isEmpty else { throw .emptyAudience }
        let metadata = metadataURL ?? Self.defaultMetadataURL(issuer: issuer)
        guard SignInEndpoint.isAcceptable(metadata) else { throw .invalidMetadataURL(metadata) }
        guard clockSkew >= .zero, clockSkew <= Self.maximumClockSkew else {
            throw .invalidDuration(setting: "clockSkew", reason: "use 0 to 300 seconds")
        }
        guard jwksMinimumRefetchInterval > .zero else {
            throw .invalidDuration(setting: "jwksMinimumRefetchInterval", reason: "use a positive duration")
        }
        guard jwksMaximumAge > .zero else {
            throw .invalidDuration(setting: "jwksMaximumAge", reason: "use a positive duration")
        }
        guard requestTimeout > .zero else {
            throw .invalidDuration(setting: "requestTimeout", reason: "use a positive duration")
        }
        if case .claim(let name) = claimMapping.tenant, name.isEmpty {
            throw .invalidClaimMapping("the tenant claim name is empty")
        }
        guard !claimMapping.userClaims.isEmpty, !claimMapping.userClaims.contains(where: \.isEmpty) else {
            throw .invalidClaimMapping("list at least one non-empty user claim name (for example \"oid\")")
        }
        self.issuer = issuer
        self.audience = audience
        self.metadataURL = metadata
        self.claimMapping = claimMapping
        self.clockSkew = clockSkew
        self.jwksMinimumRefetchInterval = jwksMinimumRefetchInterval
        self.jwksMaximumAge = jwksMaximumAge
        self.requestTimeout = requestTimeout
    }

    /// `issuer` without trailing slashes, followed by ``discoveryPath``.
    public static func defaultMetadataURL(issuer: String) -> String {
        var base = Substring(issuer)
        while base.hasSuffix("/") { base = base.dropLast() }
        return base + discoveryPath
    }

    /// A Microsoft Entra External ID (external tenant) configuration.
    ///
    /// Tokens of an external tenant are issued by `https://{tenantID}.ciamlogin.com/{tenantID}/v2.0`;
    /// the discovery document is read from `https://{subdomain}.ciamlogin.com/{tenantID}/v2.0/.well-known/openid-configuration`,
    /// where the subdomain is the tenant's (for example `contoso` of `contoso.onmicrosoft.com`),
    /// or the tenant id when `tenantSubdomain` is `nil`.
    ///
    /// - Parameters:
    ///   - tenantID: The directory (tenant) id, a GUID.
    ///   - clientID: The application (client) id of the API the tokens are for.
    ///   - tenantSubdomain: The tenant's `ciamlogin.com` subdomain; the tenant id when `nil`.
    ///   - claimMapping: `tid` and `oid` by default.
    public static func entraExternalID(
        tenantID: String,
        clientID: String,
        tenantSubdomain: String? = nil,
        claimMapping: SignInClaimMapping = .entra
    ) throws(SignInConfigurationError) -> SignInConfiguration {
        try checkURLPart(tenantID, name: "tenant id")
        let subdomain = tenantSubdomain ?? tenantID
        try checkURLPart(subdomain, name: "tenant subdomain")
        return try SignInConfiguration(
            issuer: "https://\(tenantID).ciamlogin.com/\(tenantID)/v2.0",
            audience: clientID,
            metadataURL: "https://\(subdomain).ciamlogin.com/\(tenantID)/v2.0\(discoveryPath)",
            claimMapping: claimMapping
        )
    }

    /// An Azure AD B2C configuration for one user flow or custom policy.
    ///
    /// The discovery document is the policy's,
    /// `https://{tenantName}.b2clogin.com/{tenantName}.onmicrosoft.com/{policy}/v2.0/.well-known/openid-configuration`,
    /// and the issuer `https://{tenantName}.b2clogin.com/{tenantID}/v2.0/` (the user flow's
    /// default "Issuer (iss) claim" setting; with the `tfp` format use the initializer instead).
    /// B2C tokens carry no `tid`: give a claim mapping with a fixed tenant or the claim your
    /// policy emits, and typically user claims `["oid", "sub"]`.
    ///
    /// - Parameters:
    ///   - tenantName: The tenant's name, `contoso` of `contoso.onmicrosoft.com`.
    ///   - tenantID: The directory (tenant) id, a GUID.
    ///   - policy: The user flow or custom policy, for example `B2C_1_signupsignin`.
    ///   - clientID: The application (client) id the tokens are for.
    ///   - claimMapping: Where tenant and user come from.
    public static func azureADB2C(
        tenantName: String,
        tenantID: String,
        policy: String,
        clientID: String,
        claimMapping: SignInClaimMapping
    ) throws(SignInConfigurationError) -> SignInConfiguration {
        try checkURLPart(tenantName, name: "tenant name")
        try checkURLPart(tenantID, name: "tenant id")
        try checkURLPart(policy, name: "policy")
        return try SignInConfiguration(
            issuer: "https://\(tenantName).b2clogin.com/\(tenantID)/v2.0/",
            audience: clientID,
            metadataURL: "https://\(tenantName).b2clogin.com/\(tenantName).onmicrosoft.com/\(policy)/v2.0\(discoveryPath)",
            claimMapping: claimMapping
        )
    }

    private static func checkURLPart(_ value: String, name: String) throws(SignInConfigurationError) {
        let allowed = value.utf8.allSatisfy { byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
        guard !value.isEmpty, allowed else { throw .invalidURLPart(name: name) }
    }
}
