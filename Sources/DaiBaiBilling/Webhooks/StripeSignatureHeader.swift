/// The parsed `Stripe-Signature` header: the timestamp and every `v1` signature.
struct WebhookStripeSignatureHeader: Sendable, Equatable {
    /// The signed unix timestamp (`t`).
    var timestamp: Int64
    /// `t` exactly as sent; the signature covers these characters.
    var timestampText: String
    /// The `v1` signatures, as given (lowercase hex expected).
    var v1Signatures: [String]

    /// Parses `header`; schemes other than `t` and `v1` (such as `v0`) are ignored.
    static func parse(_ header: String) throws(StripeWebhookVerificationError) -> WebhookStripeSignatureHeader {
        var timestamp: (value: Int64, text: String)?
        var signatures: [String] = []
        for item in header.split(separator: ",", omittingEmptySubsequences: true) {
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw .malformedHeader(problem: "the element '\(String(trimmed.prefix(20)))' has no '='")
            }
            let key = trimmed[..<equals]
            let value = String(trimmed[trimmed.index(after: equals)...])
            switch key {
            case "t":
                guard timestamp == nil else { continue }
                guard let parsed = Int64(value), parsed >= 0 else {
                    throw .malformedHeader(problem: "the timestamp t is not a unix time in seconds")
                }
                timestamp = (parsed, value)
            case "v1":
                signatures.append(value)
            default:
                continue
            }
        }
        guard let timestamp else { throw .malformedHeader(problem: "there is no timestamp t") }
        guard !signatures.isEmpty else { throw .noV1Signature }
        return WebhookStripeSignatureHeader(timestamp: timestamp.value, timestampText: timestamp.text, v1Signatures: signatures)
    }
}

extension WebhookStripeSignatureHeader {
    /// The bytes of a lowercase or uppercase hex string, or `nil` when it is not hex.
    static func bytes(fromHex hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
