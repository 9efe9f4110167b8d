import Configuration
import Foundation

/// Reads App Configuration's string values as the requested ``ConfigType``, the way
/// swift-configuration's environment-variable provider does: integers and doubles as Swift
/// parses them, booleans from `true`/`false`/`yes`/`no`/`1`/`0` (any case), bytes from
/// base64, arrays from comma-separated items (trimmed).
enum AppConfigurationValueParser {
    static func parse(_ entry: AppConfigurationEntry, type: ConfigType, key: String) throws(AppConfigurationError) -> ConfigValue {
        let text = entry.value
        let content: ConfigContent
        switch type {
        case .string:
            content = .string(text)
        case .int:
            content = .int(try convert(text, type: type, key: key, Int.init))
        case .double:
            content = .double(try convert(text, type: type, key: key, Double.init))
        case .bool:
            content = .bool(try convert(text, type: type, key: key, bool))
        case .bytes:
            content = .bytes(try convert(text, type: type, key: key, bytes))
        case .stringArray:
            content = .stringArray(items(text))
        case .intArray:
            content = .intArray(try items(text).map { item throws(AppConfigurationError) in try convert(item, type: type, key: key, Int.init) })
        case .doubleArray:
            content = .doubleArray(try items(text).map { item throws(AppConfigurationError) in try convert(item, type: type, key: key, Double.init) })
        case .boolArray:
            content = .boolArray(try items(text).map { item throws(AppConfigurationError) in try convert(item, type: type, key: key, bool) })
        case .byteChunkArray:
            content = .byteChunkArray(try items(text).map { item throws(AppConfigurationError) in try convert(item, type: type, key: key, bytes) })
        }
        return ConfigValue(content, isSecret: entry.isSecret)
    }

    private static func convert<T>(_ text: String, type: ConfigType, key: String, _ parse: (String) -> T?) throws(AppConfigurationError) -> T {
        guard let value = parse(text) else { throw .valueNotConvertible(key: key, type: type) }
        return value
    }

    private static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "1": true
        case "false", "no", "0": false
        default: nil
        }
    }

    private static func bytes(_ text: String) -> [UInt8]? {
        Data(base64Encoded: text).map { Array($0) }
    }

    private static func items(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
