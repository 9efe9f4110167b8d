import DaiBaiCore
import Foundation

/// The JOSE header of a compact JWS, read before any key is looked up.
///
/// Only `alg`, `kid` and `crit` matter: `jku`, `x5u`, `jwk` and `x5c` are ignored (keys come
/// from the configured issuer's key set only, never from the token).
struct BearerTokenHeader: Sendable, Decodable {
    /// The one accepted algorithm.
    static let acceptedAlgorithm = "RS256"
    /// The longest key id accepted (Entra's are under 50 characters).
    static let maxKeyIDLength = 256

    /// `alg`.
    var algorithm: String?
    /// `kid`.
    var keyID: String?
    /// Whether a `crit` member is present (no extension is understood, so it refuses the token).
    var hasCritical: Bool

    private enum CodingKeys: String, CodingKey {
        case algorithm = "alg"
        case keyID = "kid"
        case crit
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        algorithm = try container.decodeIfPresent(String.self, forKey: .algorithm)
        keyID = try container.decodeIfPresent(String.self, forKey: .keyID)
        hasCritical = container.contains(.crit)
    }

    /// Whether `kid` is 1…``maxKeyIDLength`` printable ASCII characters, so it can be named
    /// in errors and logs.
    static func isAcceptableKeyID(_ kid: String) -> Bool {
        !kid.isEmpty && kid.utf8.count <= maxKeyIDLength && kid.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }

    /// `alg` for an error message: at most 32 printable ASCII characters.
    static func displayed(_ algorithm: String) -> String {
        let printable = String(decoding: algorithm.utf8.filter { $0 >= 0x20 && $0 <= 0x7E }.prefix(32), as: UTF8.self)
        return printable.isEmpty ? "(unprintable)" : printable
    }

    /// The key id of a token whose header names `RS256`, or the refusal.
    func rs256KeyID() throws(AuthenticationError) -> String {
        guard let algorithm else { throw .malformedCredential("the token header names no algorithm ('alg')") }
        // Case-sensitive on purpose (RFC 7515 §4.1.1): "rs256" or "RS256 " is not RS256.
        guard algorithm == Self.acceptedAlgorithm else { throw .unsupportedAlgorithm(Self.displayed(algorithm)) }
        guard !hasCritical else { throw .malformedCredential("the token header has critical extensions ('crit'), none of which is supported") }
        guard let keyID else { throw .unknownKey(keyID: nil) }
        guard Self.isAcceptableKeyID(keyID) else {
            throw .malformedCredential("the token's key id ('kid') is empty, longer than \(Self.maxKeyIDLength) characters or not printable ASCII")
        }
        return keyID
    }
}
