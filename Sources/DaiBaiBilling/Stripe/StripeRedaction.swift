/// Removes Stripe credentials from text that came from the server or the network layer.
enum StripeRedaction {
    /// Prefixes of Stripe secrets: secret, restricted and webhook-signing keys.
    static let secretPrefixes = ["sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"]

    /// `text` with `key` and anything that looks like a Stripe secret replaced by `<redacted>`.
    static func redact(_ text: String, key: String?) -> String {
        var result = text
        if let key, !key.isEmpty { result = result.replacingOccurrences(of: key, with: "<redacted>") }
        for prefix in secretPrefixes {
            while let range = result.range(of: prefix) {
                var end = range.upperBound
                while end < result.endIndex, result[end].isLetter || result[end].isNumber || result[end] == "*" || result[end] == "_" {
                    end = result.index(after: end)
                }
                result.replaceSubrange(range.lowerBound..<end, with: "<redacted>")
            }
        }
        return result
    }
}
