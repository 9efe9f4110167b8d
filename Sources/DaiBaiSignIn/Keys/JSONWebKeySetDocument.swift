import Foundation
import JWTKit

/// A JSON Web Key Set (RFC 7517) as published at `jwks_uri`, read leniently: a key whose
/// fields have unexpected types is kept as an unusable entry, never a reason to drop the set.
struct JSONWebKeySetDocument: Decodable, Sendable {
    /// One key of the set; only the fields needed to pick RSA signing keys.
    struct Entry: Decodable, Sendable {
        var kty: String?
        var use: String?
        var kid: String?
        var alg: String?
        var n: String?
        var e: String?

        private enum CodingKeys: String, CodingKey { case kty, use, kid, alg, n, e }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            kty = try? container.decodeIfPresent(String.self, forKey: .kty)
            use = try? container.decodeIfPresent(String.self, forKey: .use)
            kid = try? container.decodeIfPresent(String.self, forKey: .kid)
            alg = try? container.decodeIfPresent(String.self, forKey: .alg)
            n = try? container.decodeIfPresent(String.self, forKey: .n)
            e = try? container.decodeIfPresent(String.self, forKey: .e)
        }
    }

    /// A wrapper that turns an entry that is not even a JSON object into `nil`.
    struct LenientEntry: Decodable, Sendable {
        var entry: Entry?
        init(from decoder: any Decoder) throws { entry = try? Entry(from: decoder) }
    }

    /// The keys, in published order (`nil` for entries that are not objects).
    var keys: [LenientEntry]

    /// An RSA signing key usable for RS256: its key id and public key.
    struct RSASigningKey: Sendable {
        var kid: String
        var key: Insecure.RSA.PublicKey
    }

    /// The keys that may verify RS256 signatures: `kty` `RSA`, `use` `sig` or absent, `alg`
    /// `RS256` or absent, a key id (see ``BearerTokenHeader/isAcceptableKeyID(_:)``) and a
    /// modulus of at least 2048 bits. The first key of a repeated `kid` wins. Every other
    /// entry (EC, `oct`, encryption keys, weak keys) is skipped and counted.
    func rsaSigningKeys() -> (usable: [RSASigningKey], skipped: Int) {
        var usable: [RSASigningKey] = []
        var seen: Set<String> = []
        var skipped = 0
        for lenient in keys {
            guard let entry = lenient.entry, entry.kty == "RSA", entry.use == nil || entry.use == "sig",
                  entry.alg == nil || entry.alg == "RS256",
                  let kid = entry.kid, BearerTokenHeader.isAcceptableKeyID(kid), !seen.contains(kid),
                  let n = entry.n, let e = entry.e,
                  let key = try? Insecure.RSA.PublicKey(modulus: n, exponent: e)
            else {
                skipped += 1
                continue
            }
            seen.insert(kid)
            usable.append(RSASigningKey(kid: kid, key: key))
        }
        return (usable, skipped)
    }
}
