import Foundation

/// Unpadded base64url (RFC 4648 §5), as JOSE uses it.
enum Base64URL {
    /// Whether every byte of `text` is in the base64url alphabet (`A-Z a-z 0-9 - _`).
    static func isAlphabet(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x5F
        }
    }

    /// The bytes `text` encodes, or `nil` when it is not unpadded base64url.
    static func decode(_ text: Substring) -> [UInt8]? {
        guard isAlphabet(text), text.utf8.count % 4 != 1 else { return nil }
        var base64 = String(text).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        return Data(base64Encoded: base64).map { [UInt8]($0) }
    }
}
