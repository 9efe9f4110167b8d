import Foundation

/// What may be shown of a stored provider key: never the key, only its last four characters.
public struct ProviderKeySummary: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The model vendor, for example `openai` or `anthropic` (the provider type of configuration).
    public var provider: String
    /// The key's last four characters, for the user to recognise it.
    public var lastFour: String
    /// Starts at 1 and grows by one each time the key is replaced.
    public var version: Int
    /// When this version was stored.
    public var updatedAt: Date

    /// Creates a summary.
    public init(provider: String, lastFour: String, version: Int, updatedAt: Date) {
        self.provider = provider
        self.lastFour = lastFour
        self.version = version
        self.updatedAt = updatedAt
    }

    /// `provider ****abcd (v3)`.
    public var description: String { "\(provider) ****\(lastFour) (v\(version))" }
}
