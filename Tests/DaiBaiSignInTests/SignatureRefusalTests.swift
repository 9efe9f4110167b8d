import DaiBaiCore
import DaiBaiSignIn
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Forged signatures, foreign algorithms and unknown keys are refused")
struct SignatureRefusalTests {
    @Test("A token signed by another RSA key under the issuer's kid is invalidSignature")
    func wrongKeySameKid() async throws {
        try await SignInRig.run { rig in
            let forged = try TokenMinter.rs256(try TestKeys.attacker(), claims: rig.claims())
            await rig.expectRefused(forged) { $0 == .invalidSignature }
            // The genuine key still works: the forgery changed nothing.
            _ = try await rig.authenticate(try rig.token())
        }
    }

    @Test("A token whose payload was altered after signing is invalidSignature")
    func tamperedPayload() async throws {
        try await SignInRig.run { rig in
            let genuine = try rig.token()
            let parts = genuine.split(separator: ".")
            let altered = TestBase64URL.encode(try TokenMinter.json(rig.claims(["oid": "b0b0b0b0-0000-4000-8000-000000000000"])))
            await rig.expectRefused("\(parts[0]).\(altered).\(parts[2])") { $0 == .invalidSignature }
        }
    }

    @Test("An unknown kid is unknownKey naming it; a token without kid is unknownKey(nil)")
    func unknownAndMissingKid() async throws {
        try await SignInRig.run { rig in
            _ = try await rig.authenticate(try rig.token())
            let key = try TestKeys.primary()
            let unknown = try TokenMinter.rs256(key, kid: "no-such-key", claims: rig.claims())
            await rig.expectRefused(unknown) { $0 == .unknownKey(keyID: "no-such-key") }
            let noKid = try TokenMinter.rs256(key, kid: .some(nil), claims: rig.claims())
            await rig.expectRefused(noKid) { $0 == .unknownKey(keyID: nil) }
        }
    }

    @Test("alg: none is unsupportedAlgorithm, with or without a signature part")
    func algNone() async throws {
        try await SignInRig.run { rig in
            let unsigned = try TokenMinter.token(header: ["alg": "none", "typ": "JWT"], claims: rig.claims(), sign: nil)
            #expect(unsigned.hasSuffix("."))
            await rig.expectRefused(unsigned) { $0 == .unsupportedAlgorithm("none") }
            let withKid = try TokenMinter.token(header: ["alg": "none", "kid": "key-1"], claims: rig.claims()) { _ in Data("x".utf8) }
            await rig.expectRefused(withKid) { $0 == .unsupportedAlgorithm("none") }
            #expect(rig.issuer.jwksRequestCount == 0)
        }
    }

    @Test("HS256 signed with the issuer's public key (PEM or DER) as the HMAC secret is unsupportedAlgorithm")
    func hs256WithPublicKeyAsSecret() async throws {
        try await SignInRig.run { rig in
            let key = try TestKeys.primary()
            try await rig.authenticator.keys.prefetch()
            for secret in [Data(key.publicKeyPEM.utf8), key.publicKeyDER] {
                let forged = try TokenMinter.hmac(alg: "HS256", kid: key.kid, secret: secret, claims: rig.claims())
                await rig.expectRefused(forged) { $0 == .unsupportedAlgorithm("HS256") }
            }
        }
    }

    @Test("Algorithm confusion with an RS256 header: an HMAC signature keyed with the public key is invalidSignature")
    func confusionUnderRS256Header() async throws {
        try await SignInRig.run { rig in
            let key = try TestKeys.primary()
            for secret in [Data(key.publicKeyPEM.utf8), key.publicKeyDER] {
                let forged = try TokenMinter.hmac(alg: "RS256", kid: key.kid, secret: secret, claims: rig.claims())
                await rig.expectRefused(forged) { $0 == .invalidSignature }
            }
        }
    }

    @Test("Every algorithm but RS256 is refused by name before any key is used", arguments: [
        "HS256", "HS384", "HS512", "ES256", "ES384", "ES512", "PS256", "RS384", "RS512", "EdDSA", "rs256", "RS256 ",
    ])
    func otherAlgorithms(alg: String) async throws {
        try await SignInRig.run { rig in
            // Correctly RS256-signed bytes, but the header claims another algorithm.
            let key = try TestKeys.primary()
            let token = try TokenMinter.token(header: ["alg": alg, "kid": key.kid], claims: rig.claims(), sign: key.rs256Signature)
            await rig.expectRefused(token) { $0 == .unsupportedAlgorithm(alg) }
            #expect(rig.issuer.jwksRequestCount == 0)
        }
    }

    @Test("Only RSA signing keys are taken from the JWKS: EC, oct and 'enc' RSA keys never verify")
    func onlyRSASigningKeys() async throws {
        let issuerKey = try TestKeys.primary()
        let encryptionKey = try TestKeys.next().renamed("enc-key")
        try await SignInRig.run { rig in
            try rig.issuer.publish([issuerKey], extra: [
                ["kty": "oct", "kid": "hmac-key", "k": TestBase64URL.encode(issuerKey.publicKeyPEM), "alg": "HS256"],
                ["kty": "EC", "kid": "ec-key", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                 "y": "x_FEzRu9m36HLN_tue659LNpXW6pOyStikYjKIWI5a0", "use": "sig"],
                try encryptionKey.jwk(use: "enc", alg: nil),
                try issuerKey.renamed("ps-key").jwk(alg: "PS256"),
            ])
            let stats = { rig.authenticator.keys.statistics }
            _ = try await rig.authenticate(try rig.token())
            #expect(rig.authenticator.keys.keyIDs == ["key-1"])
            #expect(stats().keyCount == 1)

            let hmac = try TokenMinter.hmac(alg: "RS256", kid: "hmac-key", secret: Data(issuerKey.publicKeyPEM.utf8), claims: rig.claims())
            await rig.expectRefused(hmac) { $0 == .unknownKey(keyID: "hmac-key") }
            let ec = try TokenMinter.rs256(issuerKey, kid: "ec-key", claims: rig.claims())
            await rig.expectRefused(ec) { $0 == .unknownKey(keyID: "ec-key") }
            let enc = try TokenMinter.rs256(encryptionKey, claims: rig.claims())
            await rig.expectRefused(enc) { $0 == .unknownKey(keyID: "enc-key") }
            let ps = try TokenMinter.rs256(issuerKey, kid: "ps-key", claims: rig.claims())
            await rig.expectRefused(ps) { $0 == .unknownKey(keyID: "ps-key") }
        }
    }
}
