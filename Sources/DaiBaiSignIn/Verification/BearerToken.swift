import DaiBaiCore
import Foundation

/// A bearer token taken out of an `Authorization` header and checked for shape: a compact JWS
/// of three base64url parts whose header is a JSON object naming `RS256` and a key id.
///
/// Nothing here trusts the token; the signature and claims are checked afterwards. The token
/// never appears in an error: every reason is a fixed sentence.
struct BearerToken: Sendable {
    /// The longest accepted token (Entra tokens are 1–3 KiB).
    static let maxLength = 16_384

    /// The compact serialization.
    let compact: String
    /// The key id of the header, whose `alg` is RS256.
    let keyID: String

    /// The token of `authorization` (`Bearer <token>`; the scheme is case-insensitive).
    static func parse(authorization: String?) throws(AuthenticationError) -> BearerToken {
        guard let authorization else { throw .missingCredential }
        let trimmed = authorization.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .missingCredential }
        let scheme = trimmed.prefix { $0 != " " && $0 != "\t" }
        // Another scheme (Basic, Negotiate, …) is no bearer token at all.
        guard scheme.lowercased() == "bearer" else { throw .missingCredential }
        let token = trimmed.dropFirst(scheme.count).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { throw .missingCredential }
        guard !token.contains(where: \.isWhitespace) else {
            throw .malformedCredential("the Authorization header holds more than one value after 'Bearer'")
        }
        guard token.utf8.count <= maxLength else {
            throw .malformedCredential("the token is longer than \(maxLength) characters")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 5 { throw .malformedCredential("encrypted tokens (JWE) are not accepted") }
        guard parts.count == 3 else {
            throw .malformedCredential("a token is three base64url parts separated by '.' (a compact JWS)")
        }
        guard !parts[0].isEmpty, let headerBytes = Base64URL.decode(parts[0]) else {
            throw .malformedCredential("the token header is not base64url")
        }
        let header: BearerTokenHeader
        do {
            header = try JSONDecoder().decode(BearerTokenHeader.self, from: Data(headerBytes))
        } catch {
            throw .malformedCredential("the token header is not a JSON object with string 'alg' and 'kid'")
        }
        // The algorithm is refused before anything else is looked at: an `alg: none` token
        // typically has an empty signature part and must still be called what it is.
        let keyID = try header.rs256KeyID()
        guard parts[1...].allSatisfy({ !$0.isEmpty && Base64URL.isAlphabet($0) }) else {
            throw .malformedCredential("the token's payload or signature is empty or not base64url")
        }
        return BearerToken(compact: token, keyID: keyID)
    }
}
