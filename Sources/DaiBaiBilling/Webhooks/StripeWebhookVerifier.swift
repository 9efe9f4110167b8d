import Crypto
import DaiBaiCore
import Foundation

/// Checks that a webhook delivery was signed by Stripe with the endpoint's signing secret.
///
/// Stripe sends `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, where each `v1` is the
/// hex HMAC-SHA256 of `"<t>.<raw body>"` keyed with the UTF-8 bytes of the whole secret
/// (including `whsec_`). A delivery is accepted when any `v1` matches (compared in constant time)
/// and `t` is within ``tolerance`` of now; other schemes such as `v0` are ignored. The
/// signature is checked before the timestamp, so an unsigned request learns nothing about it.
/// Verify the raw request bytes: re-encoded JSON does not match.
public struct StripeWebhookVerifier: Sendable {
    /// How far the signed timestamp may be from now, either way (Stripe's default is 300 s).
    public var tolerance: Duration
    private let secret: SecretValue
    private let now: @Sendable () -> Date

    /// Creates a verifier.
    /// - Parameters:
    ///   - secret: The endpoint's signing secret, `whsec_…`.
    ///   - tolerance: How far the signed timestamp may be from now; 300 s by default.
    ///   - now: The clock; the system clock by default.
    public init(secret: SecretValue, tolerance: Duration = .seconds(300), now: @escaping @Sendable () -> Date = { Date() }) {
        self.secret = secret
        self.tolerance = tolerance
        self.now = now
    }

    /// Accepts `payload` signed as `signatureHeader` says, or throws why not.
    /// - Returns: The signed timestamp, in unix seconds.
    @discardableResult
    public func verify(payload: Data, signatureHeader: String?) throws(StripeWebhookVerificationError) -> Int64 {
        guard let signatureHeader, !signatureHeader.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .missingHeader
        }
        let header = try WebhookStripeSignatureHeader.parse(signatureHeader)
        let key = SymmetricKey(data: Data(secret.revealed().utf8))
        let signed = Self.signedPayload(timestamp: header.timestampText, payload: payload)
        let matches = header.v1Signatures.contains { candidate in
            guard let bytes = WebhookStripeSignatureHeader.bytes(fromHex: candidate) else { return false }
            return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: signed, using: key)
        }
        guard matches else { throw .noMatchingSignature }
        let nowSeconds = Int64(now().timeIntervalSince1970.rounded(.down))
        let toleranceSeconds = tolerance.components.seconds
        guard abs(nowSeconds - header.timestamp) <= toleranceSeconds else {
            throw .timestampOutsideTolerance(timestamp: header.timestamp, now: nowSeconds, toleranceSeconds: toleranceSeconds)
        }
        return header.timestamp
    }

    /// The `Stripe-Signature` header Stripe would send for `payload` signed at `timestamp`,
    /// for tests of code that receives webhooks.
    public func signatureHeader(for payload: Data, timestamp: Int64) -> String {
        Self.signatureHeader(for: payload, timestamp: timestamp, secret: secret)
    }

    /// The `Stripe-Signature` header for `payload` signed at `timestamp` with `secret`.
    public static func signatureHeader(for payload: Data, timestamp: Int64, secret: SecretValue) -> String {
        let key = SymmetricKey(data: Data(secret.revealed().utf8))
        let code = HMAC<SHA256>.authenticationCode(for: signedPayload(timestamp: String(timestamp), payload: payload), using: key)
        let hex = code.map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
        }.joined()
        return "t=\(timestamp),v1=\(hex)"
    }

    private static func signedPayload(timestamp: String, payload: Data) -> Data {
        var signed = Data("\(timestamp).".utf8)
        signed.append(payload)
        return signed
    }
}
