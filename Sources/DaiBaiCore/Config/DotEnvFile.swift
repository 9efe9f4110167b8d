import Foundation

/// Reads `.env` files: `KEY=value` lines, `export KEY=value`, `#` comments, blank lines,
/// and single- or double-quoted values (double quotes understand `\n`, `\"` and `\\`).
public enum DotEnvFile {
    /// The variables in the file at `path`, or an empty dictionary when there is no file.
    public static func load(path: String) throws(ConfigurationError) -> [String: String] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: path, reason: "not readable as UTF-8 text")
        }
        return try parse(text, source: path)
    }

    /// The variables in `text`; `source` is named in errors.
    public static func parse(_ text: String, source: String) throws(ConfigurationError) -> [String: String] {
        var result: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw .unreadableFile(path: source, reason: "line \(index + 1) is not KEY=value")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else {
                throw .unreadableFile(path: source, reason: "line \(index + 1) has an invalid variable name")
            }
            let rawValue = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            result[key] = try value(of: rawValue, line: index + 1, source: source)
        }
        return result
    }

    private static func value(of raw: String, line: Int, source: String) throws(ConfigurationError) -> String {
        if raw.first == "'" {
            guard raw.count >= 2, let end = raw.dropFirst().firstIndex(of: "'") else {
                throw .unreadableFile(path: source, reason: "line \(line) has an unterminated quote")
            }
            return String(raw[raw.index(after: raw.startIndex)..<end])
        }
        if raw.first == "\"" {
            var output = ""
            var escaping = false
            for character in raw.dropFirst() {
                if escaping {
                    output.append(character == "n" ? "\n" : character == "t" ? "\t" : character)
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else if character == "\"" {
                    return output
                } else {
                    output.append(character)
                }
            }
            throw .unreadableFile(path: source, reason: "line \(line) has an unterminated quote")
        }
        // Unquoted: an inline comment starts at " #".
        if let comment = raw.range(of: " #") { return raw[..<comment.lowerBound].trimmingCharacters(in: .whitespaces) }
        return raw
    }
}
