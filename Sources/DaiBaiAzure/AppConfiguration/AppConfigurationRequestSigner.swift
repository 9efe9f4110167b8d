import Crypto
import DaiBaiCore
import Foundation

/// Signs App Configuration requests with an access key (HMAC-SHA256).
///
/// String to sign: `METHOD\npathAndQuery\n<x-ms-date>;<host>;<x-ms-content-sha256>`, keyed
/// with the base64-decoded secret; the content hash is the base64 SHA-256 of the body (the
/// empty body included). The secret itself never leaves this type.
public struct AppConfigurationRequestSigner: Sendable, CustomStringConvertible, CustomReflectable {
    /// The access key id sent as `Credential=`.
    public let credential: String
    private let key: SymmetricKey

    /// A signer for the access key `credential` with the base64 secret `secret`.
    public init(credential: String, secret: SecretValue) throws(AppConfigurationError) {
        guard let bytes = Data(base64Encoded: secret.revealed()) else {
            throw .invalidConnectionString(reason: "the 'Secret' part is not valid base64")
        }
        self.credential = credential
        self.key = SymmetricKey(data: bytes)
    }

    /// The headers that authenticate one request.
    ///
    /// - Parameters:
    ///   - method: The HTTP method, for example `GET`.
    ///   - pathAndQuery: The request target exactly as sent, for example `/kv?key=app%2A&label=%00`.
    ///   - host: The `Host` header (authority) exactly as sent.
    ///   - date: When the request is made; the store rejects dates more than 15 minutes off.
    ///   - body: The request body (empty for GET).
    public func sign(method: String, pathAndQuery: String, host: String, date: Date, body: [UInt8] = []) -> AppConfigurationSignedHeaders {
        let formattedDate = HTTPDate.rfc1123(date)
        let contentHash = Data(SHA256.hash(data: body)).base64EncodedString()
        let stringToSign = "\(method.uppercased())\n\(pathAndQuery)\n\(formattedDate);\(host);\(contentHash)"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key)
        let signature = Data(mac).base64EncodedString()
        return AppConfigurationSignedHeaders(
            date: formattedDate,
            contentSHA256: contentHash,
            signature: signature,
            authorization: "HMAC-SHA256 Credential=\(credential)&SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=\(signature)"
        )
    }

    /// The credential id only; the key is never shown.
    public var description: String { "AppConfigurationRequestSigner(credential: \(credential))" }

    /// The credential id only, so `dump` never shows the key.
    public var customMirror: Mirror { Mirror(self, children: ["credential": credential], displayStyle: .struct) }
}

/// The header values that authenticate one App Configuration request.
public struct AppConfigurationSignedHeaders: Sendable, Hashable {
    /// The `x-ms-date` header (RFC 1123).
    public let date: String
    /// The `x-ms-content-sha256` header: base64 SHA-256 of the body.
    public let contentSHA256: String
    /// The base64 HMAC-SHA256 signature.
    public let signature: String
    /// The whole `Authorization` header value.
    public let authorization: String
}
