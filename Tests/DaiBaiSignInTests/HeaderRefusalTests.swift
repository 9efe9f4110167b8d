import DaiBaiCore
import DaiBaiSignIn
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Missing, foreign and malformed credentials are refused before any key is fetched")
struct HeaderRefusalTests {
    @Test("No Authorization header, an empty one, or 'Bearer' without a token is missingCredential")
    func missing() async throws {
        try await SignInRig.run { rig in
            #expect(await rig.refusal(authorization: nil) == .missingCredential)
            #expect(await rig.refusal(authorization: "") == .missingCredential)
            #expect(await rig.refusal(authorization: "   ") == .missingCredential)
            #expect(await rig.refusal(authorization: "Bearer") == .missingCredential)
            #expect(await rig.refusal(authorization: "Bearer   ") == .missingCredential)
            #expect(rig.issuer.jwksRequestCount == 0)
        }
    }

    @Test("Another scheme (Basic, a bare token) is not a bearer credential")
    func notBearer() async throws {
        try await SignInRig.run { rig in
            let token = try rig.token()
            #expect(await rig.refusal(authorization: "Basic dXNlcjpwYXNz") == .missingCredential)
            #expect(await rig.refusal(authorization: token) == .missingCredential)
            #expect(await rig.refusal(authorization: "Bearer\(token)") == .missingCredential)
            #expect(await rig.refusal(authorization: "MAC \(token)") == .missingCredential)
            #expect(rig.issuer.jwksRequestCount == 0)
        }
    }

    @Test("Malformed tokens are malformedCredential", arguments: [
        "not-a-jwt",
        "a.b",
        "a.b.c.d",
        "a.b.c.d.e",
        "eyJhbGciOiJSUzI1NiIsImtpZCI6ImtleS0xIn0.e30.!!!",
        "!!!.e30.c2ln",
        "bm90IGpzb24.e30.c2ln",  // header is "not json"
        "W10.e30.c2ln",  // header is [] (not an object)
        "eyJhbGciOjI1Nn0.e30.c2ln",  // alg is a number
        "eyJhbGciOiJSUzI1NiIsImtpZCI6ImtleS0xIn0..c2ln",  // empty payload
        "eyJhbGciOiJSUzI1NiIsImtpZCI6ImtleS0xIn0.e30.",  // empty signature
        "eyJhbGciOiJSUzI1NiIsImtpZCI6ImtleS0xIn0.e30.c2ln extra",
        "eyJraWQiOiJrZXktMSJ9.e30.c2ln",  // no alg
    ])
    func malformed(token: String) async throws {
        try await SignInRig.run { rig in
            let error = await rig.refusal(authorization: "Bearer \(token)")
            guard case .malformedCredential = error else {
                Issue.record("expected malformedCredential, got \(String(describing: error))")
                return
            }
            #expect(rig.issuer.jwksRequestCount == 0)
        }
    }

    @Test("A token longer than 16 KiB is refused unread")
    func overLong() async throws {
        try await SignInRig.run { rig in
            let token = try rig.token(["padding": String(repeating: "x", count: 20_000)])
            await rig.expectRefused(token) { if case .malformedCredential = $0 { true } else { false } }
        }
    }

    @Test("A header with 'crit' or an unprintable key id is refused")
    func criticalAndBadKeyID() async throws {
        try await SignInRig.run { rig in
            let key = try TestKeys.primary()
            let crit = try TokenMinter.rs256(key, claims: rig.claims(), extraHeader: ["crit": ["exp"], "exp": 1])
            await rig.expectRefused(crit) { if case .malformedCredential = $0 { true } else { false } }
            let badKid = try TokenMinter.rs256(key, kid: "key 1\n", claims: rig.claims())
            await rig.expectRefused(badKid) { if case .malformedCredential = $0 { true } else { false } }
            #expect(rig.issuer.jwksRequestCount == 0)
        }
    }
}
