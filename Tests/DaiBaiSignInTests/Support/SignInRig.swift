import DaiBaiCore
import DaiBaiSignIn
import DaiBaiTestSupport
import Foundation
import Logging
import Testing

/// A test issuer, a movable clock and an authenticator wired to both.
struct SignInRig: Sendable {
    static let audience = "6f1c2e0a-3b7d-4c55-9e21-0d4a8b9c7e11"
    static let tenantGUID = "4f5c9a2e-1d3b-4e6f-8a7c-2b1d0e9f8a76"
    static let userGUID = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
    static let subject = "Xq3bN0vE8sK2mR5tY7uW1zA4cD6fG9hJ0kL2nP4rS6t"

    let issuer: TestIssuer
    let clock: TestClock
    let authenticator: OIDCBearerAuthenticator

    /// Runs `body` against an issuer publishing `keys` (by default `key-1`).
    static func run(
        publishing keys: [TestKey]? = nil,
        claimMapping: SignInClaimMapping = .entra,
        clockSkew: Duration = .seconds(60),
        minimumRefetchInterval: Duration = .seconds(300),
        logger: Logger = Logger(label: "daibai.signin.test", factory: { _ in SwiftLogNoOpLogHandler() }),
        _ body: (SignInRig) async throws -> Void
    ) async throws {
        let published = try keys ?? [TestKeys.primary()]
        try await TestIssuer.with(publishing: published) { issuer in
            let clock = TestClock()
            let configuration = try SignInConfiguration(
                issuer: issuer.issuer, audience: audience, claimMapping: claimMapping, clockSkew: clockSkew,
                jwksMinimumRefetchInterval: minimumRefetchInterval, requestTimeout: TestPatience.generous)
            let authenticator = OIDCBearerAuthenticator(
                configuration: configuration, transport: AsyncHTTPClientTransport(), now: { clock.now() }, logger: logger)
            try await body(SignInRig(issuer: issuer, clock: clock, authenticator: authenticator))
        }
    }

    /// Valid claims at the rig's current time (valid for an hour), with `changes` applied and
    /// the claims named in `removing` left out.
    func claims(_ changes: [String: Any] = [:], removing: Set<String> = []) -> [String: Any] {
        let now = clock.now().timeIntervalSince1970.rounded(.down)
        var claims: [String: Any] = [
            "iss": issuer.issuer, "aud": Self.audience, "sub": Self.subject,
            "tid": Self.tenantGUID, "oid": Self.userGUID,
            "iat": now, "nbf": now, "exp": now + 3600,
            "ver": "2.0", "scp": "access_as_user",
        ]
        claims.merge(changes) { $1 }
        for name in removing { claims.removeValue(forKey: name) }
        return claims
    }

    /// A valid RS256 token signed by `key` (the issuer's `key-1` by default).
    func token(_ changes: [String: Any] = [:], removing: Set<String> = [], signedBy key: TestKey? = nil) throws -> String {
        try TokenMinter.rs256(key ?? TestKeys.primary(), claims: claims(changes, removing: removing))
    }

    /// `authenticate(authorization: "Bearer <token>")`.
    func authenticate(_ token: String) async throws(AuthenticationError) -> AuthenticatedPrincipal {
        try await authenticator.authenticate(authorization: "Bearer \(token)")
    }

    /// The error `authorization` is refused with, or `nil` if it is accepted.
    func refusal(authorization: String?) async -> AuthenticationError? {
        do {
            _ = try await authenticator.authenticate(authorization: authorization)
            return nil
        } catch {
            return error
        }
    }

    /// Expects `token` to be refused with an error `matches` accepts.
    func expectRefused(
        _ token: String,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ matches: (AuthenticationError) -> Bool
    ) async {
        await expectError(AuthenticationError.self, sourceLocation: sourceLocation, matches) {
            _ = try await authenticate(token)
        }
    }

    /// The JWKS fetches the cache started so far.
    var fetchCount: Int { authenticator.keys.statistics.fetchCount }
}

extension AuthenticationError {
    /// The claim of an ``invalidClaim(claim:reason:)``, else `nil`.
    var claim: String? {
        if case .invalidClaim(let claim, _) = self { return claim }
        return nil
    }
}
