/// A user's decrypted provider key and its summary.
public struct UserProviderKey: Sendable, Hashable, CustomStringConvertible {
    /// The key itself; redacted in every description.
    public var key: SecretValue
    /// Provider, last four characters and version.
    public var summary: ProviderKeySummary

    /// Creates a decrypted key.
    public init(key: SecretValue, summary: ProviderKeySummary) {
        self.key = key
        self.summary = summary
    }

    /// The summary only.
    public var description: String { "UserProviderKey(\(summary))" }
}
