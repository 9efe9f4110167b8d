import CryptoExtras
import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Identity: ClientCertificateCredential")
struct IdentityClientCertificateCredentialTests {
    typealias F = IdentityFixtures

    /// base64url without padding, decoded.
    static func base64URLDecode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    /// A base64url JSON object segment of a JWT, decoded.
    static func jsonObject(_ part: Substring) throws -> [String: Any] {
        let data = try #require(base64URLDecode(part))
        let object = try JSONSerialization.jsonObject(with: data)
        return try #require(object as? [String: Any])
    }

    @Test("sends a PS256 client assertion with x5t#S256 that the server verifies with the public key")
    func signedAssertion() async throws {
        let clock = IdentityTestClock()
        try await withLoopbackServer([
            .init("POST /\(F.tenant)/oauth2/v2.0/token") { _ in F.tokenResponse("certificate-flow-token") },
        ]) { server in
            let credential = ClientCertificateCredential(
                tenantID: F.tenant, clientID: F.clientID, certificatePEM: SecretValue(IdentityTestCertificate.bundlePEM),
                authorityHost: server.baseURL, now: clock.function
            )
            let token = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            #expect(token.token.revealed() == "certificate-flow-token")

            let request = try #require(server.requests.first)
            let form = F.form(request)
            #expect(form["client_id"] == F.clientID)
            #expect(form["grant_type"] == "client_credentials")
            #expect(form["scope"] == F.scope)
            #expect(form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            #expect(form["client_secret"] == nil)

            // The server's side of the exchange: split, verify the signature, read header and claims.
            let assertion = try #require(form["client_assertion"])
            let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
            try #require(parts.count == 3)
            let publicKey = try _RSA.Signing.PublicKey(pemRepresentation: IdentityTestCertificate.publicKeyPEM)
            let signature = _RSA.Signing.RSASignature(rawRepresentation: try #require(Self.base64URLDecode(parts[2])))
            let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
            #expect(publicKey.isValidSignature(signature, for: signingInput, padding: .PSS))
            #expect(!publicKey.isValidSignature(signature, for: Data("tampered.\(parts[1])".utf8), padding: .PSS))

            let header = try Self.jsonObject(parts[0])
            #expect(header["alg"] as? String == "PS256")
            #expect(header["x5t#S256"] as? String == IdentityTestCertificate.thumbprintSHA256)

            let claims = try Self.jsonObject(parts[1])
            #expect(claims["aud"] as? String == server.url("/\(F.tenant)/oauth2/v2.0/token"))
            #expect(claims["iss"] as? String == F.clientID)
            #expect(claims["sub"] as? String == F.clientID)
            let issued = Int(clock.now.timeIntervalSince1970)
            #expect((claims["nbf"] as? NSNumber)?.intValue == issued)
            #expect((claims["exp"] as? NSNumber)?.intValue == issued + 600)
            #expect(((claims["jti"] as? String) ?? "").isEmpty == false)
        }
    }

    @Test("every assertion has its own jti")
    func uniqueJTI() async throws {
        let clock = IdentityTestClock()
        try await withLoopbackServer([
            .init("POST /*") { _ in F.tokenResponse("t") },
        ]) { server in
            let credential = ClientCertificateCredential(
                tenantID: F.tenant, clientID: F.clientID, certificatePEM: SecretValue(IdentityTestCertificate.bundlePEM),
                authorityHost: server.baseURL, now: clock.function
            )
            _ = try await credential.token(for: TokenRequest(scopes: ["https://a.example/.default"]))
            _ = try await credential.token(for: TokenRequest(scopes: ["https://b.example/.default"]))
            let ids = try server.requests.map { request -> String in
                let assertion = try #require(F.form(request)["client_assertion"])
                return try #require(try Self.jsonObject(assertion.split(separator: ".")[1])["jti"] as? String)
            }
            #expect(ids.count == 2)
            #expect(Set(ids).count == 2)
        }
    }

    @Test("a PEM without a certificate is an error that names what is missing, without contacting the server")
    func missingCertificate() async throws {
        try await withLoopbackServer([]) { server in
            let credential = ClientCertificateCredential(
                tenantID: F.tenant, clientID: F.clientID, certificatePEM: SecretValue(IdentityTestCertificate.privateKeyPEM),
                authorityHost: server.baseURL
            )
            let error = await #expect(throws: CredentialError.self) {
                _ = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            }
            #expect(F.message(error).contains("no CERTIFICATE block"))
            #expect(!F.message(error).contains("MII"))
            #expect(server.requests.isEmpty)
        }
    }
}
