import Configuration

/// The settings loaded from App Configuration at one point in time.
///
/// Keys are looked up by their components (see the key mapping on ``AppConfigurationProvider``);
/// the context of a key is ignored. Descriptions show the number of values only; the debug
/// description lists keys with their values, secrets redacted, and `dump` shows nothing.
public struct AppConfigurationSnapshot: ConfigSnapshot, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The provider's name (`Azure App Configuration <endpoint>`).
    public let providerName: String
    let entries: [[String]: AppConfigurationEntry]
    let featureFlags: [String: Bool]

    init(providerName: String, entries: [[String]: AppConfigurationEntry], featureFlags: [String: Bool]) {
        self.providerName = providerName
        self.entries = entries
        self.featureFlags = featureFlags
    }

    /// How many configuration keys the snapshot holds (feature flags included).
    public var count: Int { entries.count }

    /// The value of `key` as `type`; `nil` value when the key is not set.
    public func value(forKey key: AbsoluteConfigKey, type: ConfigType) throws -> LookupResult {
        try lookup(key, type: type)
    }

    /// Typed-throwing form of ``value(forKey:type:)``.
    func lookup(_ key: AbsoluteConfigKey, type: ConfigType) throws(AppConfigurationError) -> LookupResult {
        guard let entry = entries[key.components] else {
            return LookupResult(encodedKey: key.components.joined(separator: "."), value: nil)
        }
        return LookupResult(encodedKey: entry.sourceKey, value: try AppConfigurationValueParser.parse(entry, type: type, key: entry.sourceKey))
    }

    /// `<provider name>: <n> values`.
    public var description: String { "\(providerName): \(entries.count) values" }

    /// The keys and values, secrets shown as `<REDACTED>`.
    public var debugDescription: String {
        let lines = entries.keys.sorted { $0.joined(separator: ".") < $1.joined(separator: ".") }.map { components in
            let key = components.joined(separator: ".")
            guard let entry = entries[components] else { return key }
            return "\(key)=\(entry.isSecret ? "<REDACTED>" : entry.value)"
        }
        return "\(description) [\(lines.joined(separator: ", "))]"
    }

    /// A mirror without children, so `dump` shows no values.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
