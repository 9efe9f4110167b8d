/// Why configuration could not be loaded or is invalid. Never contains a secret value.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `${VAR}` placeholder names a variable that is set nowhere.
    case unresolvedPlaceholder(key: String, variable: String, source: String)
    /// A placeholder is malformed (for example `${` without `}`).
    case malformedPlaceholder(key: String, source: String)
    /// A file exists but cannot be read or parsed.
    case unreadableFile(path: String, reason: String)
    /// A required setting is missing.
    case missingSetting(key: String, hint: String)
    /// A setting has a value that cannot be used.
    case invalidSetting(key: String, reason: String)

    /// A message that names the key and says what to do.
    public var description: String {
        switch self {
        case .unresolvedPlaceholder(let key, let variable, let source):
            "'\(key)' in \(source) refers to ${\(variable)}, which is not set. Set the environment variable \(variable) (or add it to .env), or give a default with ${\(variable):-value}."
        case .malformedPlaceholder(let key, let source):
            "'\(key)' in \(source) has a malformed placeholder. Write ${NAME} or ${NAME:-default}; write $${ for a literal ${."
        case .unreadableFile(let path, let reason):
            "Cannot read configuration file \(path): \(reason)"
        case .missingSetting(let key, let hint):
            "Missing setting '\(key)'. \(hint)"
        case .invalidSetting(let key, let reason):
            "Invalid setting '\(key)': \(reason)"
        }
    }
}
