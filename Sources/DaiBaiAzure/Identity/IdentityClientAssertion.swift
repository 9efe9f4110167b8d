import DaiBaiCore
import Foundation
import JWTKit

/// The claims of a client assertion (Microsoft identity platform "certificate credentials").
struct IdentityClientAssertionClaims: JWTPayload {
    /// The token endpoint URL.
    var aud: String
    /// The client ID.
    var iss: String
    /// The client ID.
    var sub: String
    /// A unique ID per assertion.
    var jti: String
    /// Not valid before (unix seconds).
    var nbf: Int
    /// Expiry (unix seconds).
    var exp: Int

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Signs client assertions: PS256 JWTs with the certificate's `x5t#S256` thumbprint.
enum IdentityClientAssertion {
    /// How long an assertion is valid (10 minutes).
    static let lifetime: TimeInterval = 600

    /// A signed assertion for `clientID` at `tokenURL`, valid from `now` for ``lifetime``.
    static func make(
        certificate: IdentityCertificate,
        clientID: String,
        tokenURL: String,
        now: Date,
        credential: String
    ) async throws(CredentialError) -> String {
        let issued = Int(now.timeIntervalSince1970)
        let claims = IdentityClientAssertionClaims(
            aud: tokenURL,
            iss: clientID,
            sub: clientID,
            jti: UUID().uuidString.lowercased(),
            nbf: issued,
            exp: issued + Int(lifetime)
        )
        var header = JWTHeader()
        header.alg = "PS256"
        header.typ = "JWT"
        header.x5tS256 = certificate.thumbprintSHA256
        do {
            let keys = JWTKeyCollection()
            await keys.add(pss: certificate.privateKey, digestAlgorithm: .sha256)
            return try await keys.sign(claims, header: header)
        } catch {
            throw .authenticationFailed(credential: credential, reason: "signing the client assertion failed (\(type(of: error)))")
        }
    }
}
