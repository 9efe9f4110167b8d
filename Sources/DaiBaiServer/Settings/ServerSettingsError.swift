/// Why the server's settings could not be read. Each message names the setting to fix.
public enum ServerSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A required setting is not set.
    case missingSetting(key: String, hint: String)
    /// A setting has a value the server cannot use.
    case invalidSetting(key: String, reason: String)

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .missingSetting(let key, let hint): "The setting '\(key)' is required: \(hint)"
        case .invalidSetting(let key, let reason): "The setting '\(key)' is not usable: \(reason)"
        }
    }
}
