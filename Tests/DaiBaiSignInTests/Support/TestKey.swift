import Crypto
import CryptoExtras
import Foundation

/// An RSA key pair generated in the test process, with the key id it is published under.
struct TestKey: Sendable {
    let kid: String
    let privateKey: _RSA.Signing.PrivateKey

    init(kid: String) throws {
        self.kid = kid
        self.privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    }

    private init(kid: String, privateKey: _RSA.Signing.PrivateKey) {
        self.kid = kid
        self.privateKey = privateKey
    }

    /// The same key pair published under another key id.
    func renamed(_ kid: String) -> TestKey { TestKey(kid: kid, privateKey: privateKey) }

    /// The public key as a JWK (`kty` RSA, `use` sig, `alg` RS256 unless overridden).
    func jwk(use: String? = "sig", alg: String? = "RS256") throws -> [String: String] {
        let primitives = try privateKey.publicKey.getKeyPrimitives()
        var jwk = [
            "kty": "RSA", "kid": kid,
            "n": TestBase64URL.encode(primitives.modulus), "e": TestBase64URL.encode(primitives.publicExponent),
        ]
        if let use { jwk["use"] = use }
        if let alg { jwk["alg"] = alg }
        return jwk
    }

    /// The PKCS#1 v1.5 SHA-256 signature of `input` (RS256).
    func rs256Signature(_ input: Data) throws -> Data {
        try privateKey.signature(for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5).rawRepresentation
    }

    /// The public key as PEM, the bytes an algorithm-confusion attacker uses as HMAC secret.
    var publicKeyPEM: String { privateKey.publicKey.pemRepresentation }

    /// The public key as DER (SubjectPublicKeyInfo).
    var publicKeyDER: Data { privateKey.publicKey.derRepresentation }
}

/// Keys generated once per test process (RSA generation is slow in debug builds).
enum TestKeys {
    private static let first = Result { try TestKey(kid: "key-1") }
    private static let second = Result { try TestKey(kid: "key-2") }
    private static let forger = Result { try TestKey(kid: "key-1") }

    /// The issuer's key `key-1`.
    static func primary() throws -> TestKey { try first.get() }
    /// The issuer's next key `key-2` (rotation).
    static func next() throws -> TestKey { try second.get() }
    /// An attacker's key, also calling itself `key-1`.
    static func attacker() throws -> TestKey { try forger.get() }
}

/// Unpadded base64url for the tests' own encoding.
enum TestBase64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func encode(_ text: String) -> String { encode(Data(text.utf8)) }
}
