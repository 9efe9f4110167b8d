import Foundation

/// The body of `POST /keys/{name}/{version}/wrapkey` and `…/unwrapkey` (`KeyOperationsParameters`):
/// the algorithm and the base64url value to wrap or unwrap.
struct KeyVaultKeyOperationParameters: Encodable {
    var alg: String
    var value: String
}

/// The answer to a wrap or unwrap (`KeyOperationResult`): the versioned key id that did the work
/// and the base64url result.
struct KeyVaultKeyOperationResult: Decodable, Sendable {
    var kid: String?
    var value: String?
}

/// A key as `GET /keys/{name}` returns it (`KeyBundle`), reduced to what the KEK checks.
struct KeyVaultKeyBundle: Decodable, Sendable {
    /// The public part (`JsonWebKey`).
    struct Key: Decodable, Sendable {
        var kid: String?
        var kty: String?
        var keyOps: [String]?

        enum CodingKeys: String, CodingKey {
            case kid, kty
            case keyOps = "key_ops"
        }
    }

    /// `KeyAttributes`, of which only `enabled` matters here.
    struct Attributes: Decodable, Sendable {
        var enabled: Bool?
    }

    var key: Key?
    var attributes: Attributes?
}

/// base64url without padding (RFC 4648 §5), as the Key Vault keys API sends binary values.
enum KeyVaultBase64URL {
    /// `bytes` in base64url without padding.
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bytes of base64url `text` (padding optional), or `nil` when it is not base64url.
    static func decode(_ text: String) -> [UInt8]? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "=") }) else {
            return nil
        }
        var base64 = text.replacingOccurrences(of: "=", with: "")
            .replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        if base64.count % 4 == 1 { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }
}
