/// The name of a secret: 1–127 characters of `[A-Za-z0-9_-]`, starting with a letter.
///
/// These names map one to one onto environment variables (`OPENAI_API_KEY`), files in a
/// secrets directory, and Azure Key Vault names (`OPENAI-API-KEY`, see ``keyVaultName``).
public struct SecretName: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The validated name.
    public let rawValue: String

    /// Creates a name, or returns `nil` when it breaks the rules.
    public init?(rawValue: String) {
        guard IdentifierRules.isValid(rawValue, maxLength: 127),
            let first = rawValue.utf8.first,
            (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A)
        else { return nil }
        self.rawValue = rawValue
    }

    /// Creates a name or throws ``SecretStoreError/invalidName(_:)``.
    public init(validating value: String) throws(SecretStoreError) {
        guard let name = SecretName(rawValue: value) else {
            throw .invalidName(InvalidIdentifierError(
                kind: "secret name", length: value.count,
                rule: "use 1-127 characters of A-Z, a-z, 0-9, '-' or '_', starting with a letter"))
        }
        self = name
    }

    /// The name as Azure Key Vault spells it: `_` becomes `-` (`OPENAI_API_KEY` → `OPENAI-API-KEY`).
    public var keyVaultName: String { rawValue.replacingOccurrences(of: "_", with: "-") }

    /// The name itself (names are not secret, values are).
    public var description: String { rawValue }

    /// Orders names alphabetically.
    public static func < (lhs: SecretName, rhs: SecretName) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes and validates a name.
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(String.self)
        self = try SecretName(validating: value)
    }

    /// Encodes the name as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
