import DaiBaiCore
import DaiBaiSignIn
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Valid tokens are accepted and mapped to tenant and user")
struct AcceptanceTests {
    @Test("A valid RS256 token maps tid/oid to the request context, sub to the subject, exp to the expiry")
    func validTokenMapsTenantAndUser() async throws {
        try await SignInRig.run { rig in
            let exp = rig.clock.now().timeIntervalSince1970.rounded(.down) + 3600
            let principal = try await rig.authenticate(try rig.token())

            #expect(principal.context.tenant == (try TenantID(validating: SignInRig.tenantGUID)))
            #expect(principal.context.user == (try UserID(validating: SignInRig.userGUID)))
            #expect(principal.subject == SignInRig.subject)
            #expect(principal.expiresAt == Date(timeIntervalSince1970: exp))
            #expect(rig.fetchCount == 1)
            #expect(rig.issuer.discoveryRequestCount == 1)
            #expect(rig.issuer.jwksRequestCount == 1)

            // The keys are cached: more tokens, no more fetches.
            for _ in 0..<3 { _ = try await rig.authenticate(try rig.token()) }
            #expect(rig.issuer.jwksRequestCount == 1)
            #expect(rig.authenticator.keys.keyIDs == ["key-1"])
        }
    }

    @Test("The scheme is case-insensitive and aud may be an array that contains the audience")
    func schemeCaseAndAudienceArray() async throws {
        try await SignInRig.run { rig in
            let token = try rig.token(["aud": ["https://graph.microsoft.com", SignInRig.audience]])
            let principal = try await rig.authenticator.authenticate(authorization: "bearer  \(token) ")
            #expect(principal.context.user.rawValue == SignInRig.userGUID)
        }
    }

    @Test("A fixed tenant mapping puts every user in the configured tenant, with or without tid")
    func fixedTenant() async throws {
        let acme = try TenantID(validating: "acme")
        try await SignInRig.run(claimMapping: SignInClaimMapping(tenant: .fixed(acme))) { rig in
            let withoutTid = try await rig.authenticate(try rig.token(removing: ["tid"]))
            let withTid = try await rig.authenticate(try rig.token())
            #expect(withoutTid.context.tenant == acme)
            #expect(withTid.context.tenant == acme)
            #expect(withTid.context.user.rawValue == SignInRig.userGUID)
        }
    }

    @Test("User claims are tried in order: without oid, sub is the user (B2C style)")
    func userFallsBackToSub() async throws {
        let mapping = SignInClaimMapping(tenant: .fixed(try TenantID(validating: "shop")), userClaims: ["oid", "sub"])
        try await SignInRig.run(claimMapping: mapping) { rig in
            let principal = try await rig.authenticate(try rig.token(removing: ["oid", "tid"]))
            #expect(principal.context.user.rawValue == SignInRig.subject)
            #expect(principal.context.tenant.rawValue == "shop")

            let withOid = try await rig.authenticate(try rig.token())
            #expect(withOid.context.user.rawValue == SignInRig.userGUID)
        }
    }

    @Test("Custom claim names map tenant and user")
    func customClaimNames() async throws {
        let mapping = SignInClaimMapping(tenant: .claim("extension_TenantKey"), userClaims: ["extension_UserKey"])
        try await SignInRig.run(claimMapping: mapping) { rig in
            let principal = try await rig.authenticate(
                try rig.token(["extension_TenantKey": "tenant-7", "extension_UserKey": "user_42"]))
            #expect(principal.context == RequestContext(tenant: try TenantID(validating: "tenant-7"), user: try UserID(validating: "user_42")))
        }
    }

    @Test("Times inside the clock skew are accepted: expired 30 s ago, nbf and iat 30 s ahead (skew 60 s)")
    func withinClockSkew() async throws {
        try await SignInRig.run { rig in
            let now = rig.clock.now().timeIntervalSince1970.rounded(.down)
            let principal = try await rig.authenticate(try rig.token(["exp": now - 30, "iat": now + 30, "nbf": now + 30]))
            #expect(principal.expiresAt == Date(timeIntervalSince1970: now - 30))
        }
    }

    @Test("Without nbf and iat a token is still accepted (only exp is required)")
    func optionalTimes() async throws {
        try await SignInRig.run { rig in
            let principal = try await rig.authenticate(try rig.token(removing: ["nbf", "iat"]))
            #expect(principal.context.tenant.rawValue == SignInRig.tenantGUID)
        }
    }

    @Test("prefetch loads the keys before the first request, once")
    func prefetch() async throws {
        try await SignInRig.run { rig in
            try await rig.authenticator.keys.prefetch()
            try await rig.authenticator.keys.prefetch()
            #expect(rig.issuer.jwksRequestCount == 1)
            #expect(rig.authenticator.keys.statistics.keyCount == 1)
            _ = try await rig.authenticate(try rig.token())
            #expect(rig.fetchCount == 1)
        }
    }
}
