/// Which key-values to load: a key filter and a label filter, as the App Configuration
/// `GET /kv?key=…&label=…` listing takes them.
///
/// Filters are sent as given: `*` is a wildcard (`app:*` = keys starting with `app:`, `*` = all)
/// and `,` separates alternatives. To match a literal `*`, `,` or `\`, escape it with `\`
/// (``escaped(_:)`` does this). A `nil` label filter selects key-values without a label
/// (sent as `label=%00`).
public struct AppConfigurationSelector: Sendable, Hashable, CustomStringConvertible {
    /// The key filter, for example `DaiBai:*`.
    public var keyFilter: String
    /// The label filter, for example `prod`; `nil` selects key-values without a label.
    public var labelFilter: String?

    /// Creates a selector.
    public init(keyFilter: String, labelFilter: String? = nil) {
        self.keyFilter = keyFilter
        self.labelFilter = labelFilter
    }

    /// A selector that matches exactly `key` and `label` (their `*`, `,` and `\` escaped).
    public static func literal(key: String, label: String? = nil) -> AppConfigurationSelector {
        AppConfigurationSelector(keyFilter: escaped(key), labelFilter: label.map(escaped))
    }

    /// The feature flags: keys starting with `.appconfig.featureflag/`, without a label unless given.
    public static func featureFlags(labelFilter: String? = nil) -> AppConfigurationSelector {
        AppConfigurationSelector(keyFilter: AppConfigurationFeatureFlag.keyPrefix + "*", labelFilter: labelFilter)
    }

    /// `text` with `\`, `*` and `,` escaped with `\`, so a filter matches it literally.
    public static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if character == "\\" || character == "*" || character == "," { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// `key=<filter> label=<filter or (no label)>`.
    public var description: String { "key=\(keyFilter) label=\(labelFilter ?? "(no label)")" }

    /// The request target of the first page of this selector's listing.
    func listPath(apiVersion: String) -> String {
        let label = labelFilter.map(AppConfigurationQuery.encode) ?? "%00"
        return "/kv?key=\(AppConfigurationQuery.encode(keyFilter))&label=\(label)&api-version=\(apiVersion)"
    }
}

/// Percent-encoding of query values as the Azure SDKs send them: everything but the
/// unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded, `*` included (`app*` → `app%2A`).
enum AppConfigurationQuery {
    static func encode(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += byte < 16 ? "%0\(hex)" : "%\(hex)"
            }
        }
        return result
    }
}
