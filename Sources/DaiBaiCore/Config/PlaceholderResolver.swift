/// Expands `${NAME}` and `${NAME:-default}` in configuration values.
///
/// `$${` stands for a literal `${`. A placeholder whose variable is unset (and has no default)
/// is an error naming the configuration key: a literal `${NAME}` is never left in place.
public struct PlaceholderResolver: Sendable {
    /// The variables placeholders resolve against.
    public let variables: [String: String]

    /// Creates a resolver over `variables` (usually the environment merged over `.env`).
    public init(variables: [String: String]) { self.variables = variables }

    /// Whether `text` contains anything to expand.
    public static func containsPlaceholder(_ text: String) -> Bool { text.contains("${") }

    /// `text` with every placeholder expanded.
    /// - Parameters:
    ///   - key: The configuration key holding `text`, named in errors.
    ///   - source: Where `text` came from (a file path), named in errors.
    public func resolve(_ text: String, key: String, source: String) throws(ConfigurationError) -> String {
        guard Self.containsPlaceholder(text) else { return text }
        var output = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            let afterDollar = rest.index(after: dollar)
            if rest[afterDollar...].hasPrefix("${") {  // "$${" → literal "${"
                output += "${"
                rest = rest[rest.index(afterDollar, offsetBy: 2)...]
                continue
            }
            guard rest[afterDollar...].hasPrefix("{") else {
                output += "$"
                rest = rest[afterDollar...]
                continue
            }
            let bodyStart = rest.index(after: afterDollar)
            guard let close = rest[bodyStart...].firstIndex(of: "}") else {
                throw .malformedPlaceholder(key: key, source: source)
            }
            let body = rest[bodyStart..<close]
            let name: Substring
            let fallback: Substring?
            if let separator = body.range(of: ":-") {
                name = body[..<separator.lowerBound]
                fallback = body[separator.upperBound...]
            } else {
                name = body
                fallback = nil
            }
            guard Self.isVariableName(name) else { throw .malformedPlaceholder(key: key, source: source) }
            if let value = variables[String(name)], !(value.isEmpty && fallback != nil) {
                output += value
            } else if let fallback {
                output += fallback
            } else {
                throw .unresolvedPlaceholder(key: key, variable: String(name), source: source)
            }
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return output
    }

    private static func isVariableName(_ name: Substring) -> Bool {
        guard let first = name.utf8.first, !(first >= 0x30 && first <= 0x39) else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
        }
    }
}
