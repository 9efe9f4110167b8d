import Crypto
import DaiBaiCore
import Foundation

/// Builds Cosmos DB `authorization` header values.
///
/// Master key: HMAC-SHA256, keyed with the base64-decoded account key, over
/// `verb + "\n" + resourceType + "\n" + resourceLink + "\n" + date + "\n" + "" + "\n"`
/// (verb, type and date lower-cased), sent as `type=master&ver=1.0&sig=<base64>`
/// URL-encoded as a whole. The key is held as a ``SecretValue`` and never shown.
public struct CosmosMasterKeySigner: Sendable {
    private let key: SymmetricKey

    /// Creates a signer from the account key (base64, as the Azure portal shows it).
    /// - Throws: ``CosmosError/invalidArgument(_:)`` when the key is not base64.
    public init(key: SecretValue) throws(CosmosError) {
        guard !key.isEmpty, let bytes = Data(base64Encoded: key.revealed()) else {
            throw .invalidArgument("the Cosmos DB account key is not valid base64; copy the primary or secondary key from the account's Keys page")
        }
        self.key = SymmetricKey(data: bytes)
    }

    /// The `authorization` header value for one request.
    /// - Parameters:
    ///   - verb: The HTTP method, e.g. `GET` (lower-cased before signing).
    ///   - resourceType: `dbs`, `colls` or `docs` (lower-cased before signing).
    ///   - resourceLink: The item link for reads, replaces and deletes (`dbs/db1/colls/c1/docs/doc1`),
    ///     the parent link for creates, upserts, queries and lists (`dbs/db1/colls/c1`); case kept.
    ///   - date: The request's `x-ms-date` value (lower-cased before signing).
    public func authorization(verb: String, resourceType: String, resourceLink: String, date: String) -> String {
        let payload = "\(verb.lowercased())\n\(resourceType.lowercased())\n\(resourceLink)\n\(date.lowercased())\n\n"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key)
        let signature = Data(mac).base64EncodedString()
        return Self.urlEncode("type=master&ver=1.0&sig=\(signature)")
    }

    /// The `authorization` header value for a Microsoft Entra ID access token.
    public static func entraAuthorization(token: SecretValue) -> String {
        urlEncode("type=aad&ver=1.0&sig=\(token.revealed())")
    }

    /// Percent-encodes everything except ASCII letters, digits and `-_.!~*'()`, with upper-case hex.
    public static func urlEncode(_ value: String) -> String {
        var encoded = ""
        for byte in value.utf8 {
            if isUnreserved(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + hexDigits[Int(byte >> 4)] + hexDigits[Int(byte & 0x0F)]
            }
        }
        return encoded
    }

    private static let hexDigits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "~"),
            UInt8(ascii: "*"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"):
            true
        default:
            false
        }
    }
}
