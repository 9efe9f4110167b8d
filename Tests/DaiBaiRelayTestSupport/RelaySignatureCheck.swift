import Crypto
import Foundation

/// Checks Service Bus shared access signatures the way Azure Relay does, for ``LocalRelayServer``.
///
/// A token is `SharedAccessSignature sr=<audience>&sig=<signature>&se=<expiry>&skn=<keyName>`
/// (fields in any order), where `sr` and `sig` are URL-encoded and the signature is the Base64
/// HMAC-SHA256, keyed with the UTF-8 bytes of the key, of `sr` as it appears in the token, a line
/// feed and `se`. The audience must be `http://{namespace}/{path}/`.
struct RelaySignatureCheck: Sendable {
    /// Why a token was refused; the description never contains a key or a token.
    enum Failure: Error, Equatable, CustomStringConvertible {
        case missing
        case malformed(String)
        case unknownKey(String)
        case badSignature(keyName: String)
        case expired(keyName: String)
        case wrongAudience(String, expected: String)

        var description: String {
            switch self {
            case .missing: "missing token"
            case .malformed(let detail): "malformed token: \(detail)"
            case .unknownKey(let name): "unknown key name \(name)"
            case .badSignature(let name): "bad signature for key \(name)"
            case .expired(let name): "expired token for key \(name)"
            case .wrongAudience(let audience, let expected): "wrong audience \(audience) (expected \(expected))"
            }
        }
    }

    /// The namespace host name, such as `contoso.servicebus.windows.net`.
    let namespace: String
    /// Key name → key.
    let keys: [String: String]

    /// The audience a token for `path` must name.
    func audience(forPath path: String) -> String {
        "http://\(namespace.lowercased())/\(path)/"
    }

    /// `nil` when `token` grants access to `path` at `now`, else why not.
    func failure(of token: String?, path: String, now: Date = Date()) -> Failure? {
        guard let token = token?.trimmingCharacters(in: .whitespaces), !token.isEmpty else { return .missing }
        let scheme = "SharedAccessSignature "
        guard token.count > scheme.count, token.prefix(scheme.count).lowercased() == scheme.lowercased() else {
            return .malformed("not a SharedAccessSignature")
        }
        var fields: [String: String] = [:]
        for part in token.dropFirst(scheme.count).split(separator: "&") {
            guard let equals = part.firstIndex(of: "=") else { return .malformed("a field has no '='") }
            let name = part[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            guard fields[name] == nil else { return .malformed("field \(name) appears twice") }
            fields[name] = String(part[part.index(after: equals)...])
        }
        guard let encodedAudience = fields["sr"], let encodedSignature = fields["sig"],
            let expiryText = fields["se"], let encodedKeyName = fields["skn"]
        else { return .malformed("sr, sig, se and skn are all required") }
        guard let expiry = Int64(expiryText) else { return .malformed("se is not a number") }
        let keyName = encodedKeyName.removingPercentEncoding ?? encodedKeyName
        guard let key = keys[keyName] else { return .unknownKey(keyName) }
        guard let signatureText = encodedSignature.removingPercentEncoding,
            let signature = Data(base64Encoded: signatureText)
        else { return .badSignature(keyName: keyName) }
        let signed = Data((encodedAudience + "\n" + expiryText).utf8)
        guard
            HMAC<SHA256>.isValidAuthenticationCode(
                signature, authenticating: signed, using: SymmetricKey(data: Data(key.utf8)))
        else { return .badSignature(keyName: keyName) }
        guard expiry >= Int64(now.timeIntervalSince1970.rounded(.down)) else { return .expired(keyName: keyName) }
        let expected = audience(forPath: path)
        guard let audience = encodedAudience.removingPercentEncoding else {
            return .malformed("sr is not URL-encoded text")
        }
        guard Self.normalised(audience) == Self.normalised(expected) else {
            return .wrongAudience(audience, expected: expected)
        }
        return nil
    }

    /// Lowercased, without trailing slashes.
    private static func normalised(_ audience: String) -> String {
        var text = audience.lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
