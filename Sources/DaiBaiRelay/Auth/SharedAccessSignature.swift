import Crypto
import DaiBaiCore
import Foundation

/// A Service Bus shared access signature, the token Azure Relay accepts from a holder of a
/// namespace or hybrid connection key.
///
/// The token is `SharedAccessSignature sr=<audience>&sig=<signature>&se=<expiry>&skn=<keyName>`,
/// where the signature is the Base64 HMAC-SHA256, keyed with the UTF-8 bytes of the key, of the
/// URL-encoded audience, a line feed, and the expiry in seconds since 1970. `sr` and `sig` are
/// URL-encoded in the token.
public enum SharedAccessSignature {
    /// The token for `audience`, signed with `key`, valid until `expiry`.
    /// - Parameters:
    ///   - audience: The resource the token grants access to, such as
    ///     `http://contoso.servicebus.windows.net/orders/` (see ``HybridConnectionAddress/audience``).
    ///   - keyName: The name of the shared access policy (`skn`).
    ///   - key: The policy's key.
    ///   - expiry: When the token stops being accepted; whole seconds are used.
    /// - Returns: The token, a secret.
    public static func token(audience: String, keyName: String, key: SecretValue, expiry: Date) -> SecretValue {
        let expirySeconds = String(Int64(expiry.timeIntervalSince1970.rounded(.down)))
        let encodedAudience = formEncoded(audience)
        let signed = encodedAudience + "\n" + expirySeconds
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(signed.utf8), using: SymmetricKey(data: Array(key.revealed().utf8)))
        let signature = Data(mac).base64EncodedString()
        return SecretValue(
            "SharedAccessSignature sr=\(encodedAudience)&sig=\(formEncoded(signature))&se=\(expirySeconds)&skn=\(keyName)")
    }

    /// The characters the Azure SDKs leave unencoded in a SAS (RFC 3986 unreserved).
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")

    /// `text` URL-encoded the way the Azure SDKs encode a SAS (`encodeURIComponent` /
    /// `Uri.EscapeDataString`): every byte except unreserved characters is percent-encoded.
    static func formEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
