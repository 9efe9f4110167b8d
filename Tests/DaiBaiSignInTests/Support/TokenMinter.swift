import Crypto
import Foundation

/// Builds compact JWS tokens by hand, so a test can forge any header, claim or signature.
enum TokenMinter {
    /// `header.payload.signature`, signing `header.payload` with `sign` (`nil`: empty signature).
    static func token(header: [String: Any], claims: [String: Any], sign: ((Data) throws -> Data)?) throws -> String {
        let headerPart = TestBase64URL.encode(try json(header))
        let payloadPart = TestBase64URL.encode(try json(claims))
        let input = "\(headerPart).\(payloadPart)"
        let signature = try sign?(Data(input.utf8)) ?? Data()
        return "\(input).\(TestBase64URL.encode(signature))"
    }

    /// An RS256 token signed by `key` with header `kid` (the key's own by default; `.some(nil)` omits it).
    static func rs256(_ key: TestKey, kid: String?? = .none, claims: [String: Any], extraHeader: [String: Any] = [:]) throws -> String {
        var header: [String: Any] = ["alg": "RS256", "typ": "JWT"]
        switch kid {
        case .none: header["kid"] = key.kid
        case .some(.none): break
        case .some(.some(let kid)): header["kid"] = kid
        }
        header.merge(extraHeader) { $1 }
        return try token(header: header, claims: claims, sign: key.rs256Signature)
    }

    /// A token whose header says `alg` and whose signature is HMAC-SHA256 with `secret`.
    static func hmac(alg: String, kid: String, secret: Data, claims: [String: Any]) throws -> String {
        try token(header: ["alg": alg, "typ": "JWT", "kid": kid], claims: claims) { input in
            Data(HMAC<SHA256>.authenticationCode(for: input, using: SymmetricKey(data: secret)))
        }
    }

    static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
