/// The shape checks a key must pass before it is stored, per vendor.
///
/// They catch pasted mistakes (a key of another vendor, a truncated key, spaces) without a
/// network call. Known vendors: `openai` (`sk-…`), `anthropic` (`sk-ant-…`), `gemini`
/// (`AIza…`, 39 characters), `azure` (32–96 letters and digits), `groq` (`gsk_…`),
/// `deepseek` (`sk-…`), `mistral` (32 letters and digits); any other provider needs 8–512
/// printable characters without spaces.
public struct ProviderKeyShape: Sendable, Hashable {
    /// The prefix a key must start with, if any.
    public var prefix: String?
    /// The allowed lengths, in characters.
    public var lengths: ClosedRange<Int>
    /// Whether only letters and digits are allowed (otherwise also `-`, `_` and `.`).
    public var alphanumericOnly: Bool

    /// Creates a shape.
    public init(prefix: String? = nil, lengths: ClosedRange<Int>, alphanumericOnly: Bool = false) {
        self.prefix = prefix
        self.lengths = lengths
        self.alphanumericOnly = alphanumericOnly
    }

    /// The shape of `provider`'s keys.
    public static func forProvider(_ provider: String) -> ProviderKeyShape {
        switch provider {
        case "openai": ProviderKeyShape(prefix: "sk-", lengths: 20...256)
        case "anthropic": ProviderKeyShape(prefix: "sk-ant-", lengths: 40...256)
        case "gemini": ProviderKeyShape(prefix: "AIza", lengths: 39...39)
        case "azure": ProviderKeyShape(lengths: 32...96, alphanumericOnly: true)
        case "groq": ProviderKeyShape(prefix: "gsk_", lengths: 40...128)
        case "deepseek": ProviderKeyShape(prefix: "sk-", lengths: 20...128)
        case "mistral": ProviderKeyShape(lengths: 32...32, alphanumericOnly: true)
        default: ProviderKeyShape(lengths: 8...512)
        }
    }

    /// Why `key` does not fit, or `nil` when it does. The reason never quotes the key.
    public func problem(with key: String) -> String? {
        if key.unicodeScalars.contains(where: { $0.properties.isWhitespace }) { return "it contains spaces or line breaks" }
        if let prefix, !key.hasPrefix(prefix) { return "it should start with '\(prefix)'" }
        guard lengths.contains(key.count) else {
            let expected = lengths.lowerBound == lengths.upperBound ? "\(lengths.lowerBound)" : "\(lengths.lowerBound)-\(lengths.upperBound)"
            return "it has \(key.count) characters, expected \(expected)"
        }
        let allowed: (Unicode.Scalar) -> Bool = { scalar in
            guard scalar.isASCII else { return false }
            let value = scalar.value
            let alphanumeric = (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            return alphanumeric || (!alphanumericOnly && (scalar == "-" || scalar == "_" || scalar == "."))
        }
        if !key.unicodeScalars.allSatisfy(allowed) {
            return alphanumericOnly ? "it may contain only letters and digits" : "it may contain only letters, digits, '-', '_' and '.'"
        }
        return nil
    }

    /// Whether `provider` is 1–64 characters of `[a-z0-9-]`.
    public static func isValidProviderName(_ provider: String) -> Bool {
        !provider.isEmpty && provider.utf8.count <= 64
            && provider.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}
