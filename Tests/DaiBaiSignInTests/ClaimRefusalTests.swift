import DaiBaiCore
import DaiBaiSignIn
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Correctly signed tokens with a failing claim are refused with invalidClaim")
struct ClaimRefusalTests {
    @Test("Expired beyond the skew, or without exp, is an exp refusal")
    func expired() async throws {
        try await SignInRig.run { rig in
            let now = rig.clock.now().timeIntervalSince1970.rounded(.down)
            await rig.expectRefused(try rig.token(["exp": now - 61, "iat": now - 3600, "nbf": now - 3600])) { $0.claim == "exp" }
            await rig.expectRefused(try rig.token(removing: ["exp"])) { $0.claim == "exp" }
            // A token valid now expires when the clock moves past exp + skew.
            let token = try rig.token()
            _ = try await rig.authenticate(token)
            rig.clock.advance(3600 + 61)
            await rig.expectRefused(token) { $0.claim == "exp" }
        }
    }

    @Test("Not yet valid (nbf beyond the skew) is an nbf refusal")
    func notYetValid() async throws {
        try await SignInRig.run { rig in
            let now = rig.clock.now().timeIntervalSince1970.rounded(.down)
            await rig.expectRefused(try rig.token(["nbf": now + 120])) { $0.claim == "nbf" }
        }
    }

    @Test("Issued in the future beyond the skew is an iat refusal")
    func issuedInTheFuture() async throws {
        try await SignInRig.run { rig in
            let now = rig.clock.now().timeIntervalSince1970.rounded(.down)
            await rig.expectRefused(try rig.token(["iat": now + 120], removing: ["nbf"])) { $0.claim == "iat" }
        }
    }

    @Test("A zero skew is exact: one second past exp is refused")
    func zeroSkew() async throws {
        try await SignInRig.run(clockSkew: .zero) { rig in
            let now = rig.clock.now().timeIntervalSince1970.rounded(.down)
            await rig.expectRefused(try rig.token(["exp": now - 1])) { $0.claim == "exp" }
            await rig.expectRefused(try rig.token(["iat": now + 1])) { $0.claim == "iat" }
        }
    }

    @Test("Another audience, a missing one, or an audience list without ours is an aud refusal")
    func wrongAudience() async throws {
        try await SignInRig.run { rig in
            await rig.expectRefused(try rig.token(["aud": "00000000-0000-0000-0000-000000000000"])) { $0.claim == "aud" }
            await rig.expectRefused(try rig.token(["aud": ["api://other", "api://another"]])) { $0.claim == "aud" }
            await rig.expectRefused(try rig.token(removing: ["aud"])) { $0.claim == "aud" }
        }
    }

    @Test("Another issuer, one differing only by a trailing slash or case, or none, is an iss refusal")
    func wrongIssuer() async throws {
        try await SignInRig.run { rig in
            await rig.expectRefused(try rig.token(["iss": "https://login.microsoftonline.com/common/v2.0"])) { $0.claim == "iss" }
            await rig.expectRefused(try rig.token(["iss": rig.issuer.issuer + "/"])) { $0.claim == "iss" }
            await rig.expectRefused(try rig.token(["iss": rig.issuer.issuer.uppercased()])) { $0.claim == "iss" }
            await rig.expectRefused(try rig.token(removing: ["iss"])) { $0.claim == "iss" }
        }
    }

    @Test("A tenant claim that is missing, not a string or not a valid TenantID is a tid refusal")
    func invalidTenant() async throws {
        try await SignInRig.run { rig in
            await rig.expectRefused(try rig.token(removing: ["tid"])) { $0.claim == "tid" }
            await rig.expectRefused(try rig.token(["tid": 42])) { $0.claim == "tid" }
            await rig.expectRefused(try rig.token(["tid": "acme corp!"])) { $0.claim == "tid" }
            await rig.expectRefused(try rig.token(["tid": String(repeating: "a", count: 65)])) { $0.claim == "tid" }
        }
    }

    @Test("A user claim that is missing or not a valid UserID is refused naming the claim")
    func invalidUser() async throws {
        try await SignInRig.run { rig in
            await rig.expectRefused(try rig.token(removing: ["oid"])) { $0.claim == "oid" }
            await rig.expectRefused(try rig.token(["oid": "../../etc/passwd"])) { $0.claim == "oid" }
        }
        let mapping = SignInClaimMapping(userClaims: ["oid", "sub"])
        try await SignInRig.run(claimMapping: mapping) { rig in
            await rig.expectRefused(try rig.token(["sub": "user@example.com"], removing: ["oid"])) { $0.claim == "sub" }
        }
    }

    @Test("A registered claim of the wrong JSON type is malformedCredential")
    func wrongClaimType() async throws {
        try await SignInRig.run { rig in
            await rig.expectRefused(try rig.token(["exp": "tomorrow"])) { if case .malformedCredential = $0 { true } else { false } }
            await rig.expectRefused(try rig.token(["iss": 7])) { if case .malformedCredential = $0 { true } else { false } }
        }
    }
}
