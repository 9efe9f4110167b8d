import Foundation

/// The declarations of one Bicep file, read structurally (no Bicep compiler runs here).
///
/// Comments are removed first (strings are kept, so a URL's `//` is not a comment); then the
/// top-level and nested declarations are found with their bodies (brace- and bracket-matched,
/// respecting strings): `param` (with its decorators), `var`, `resource` (type, API version,
/// `existing`), `module` (path) and `output`.
struct BicepFile: Sendable {
    struct Param: Sendable {
        var name: String
        var type: String
        var decorators: [String]
        var defaultValue: String?
        var isSecure: Bool { decorators.contains { $0.hasPrefix("@secure(") } }
    }

    struct Resource: Sendable {
        var symbol: String
        var type: String
        var apiVersion: String
        var isExisting: Bool
        /// The text after `=`: an object, a `[for …]` loop or a condition, brackets balanced.
        var body: String
    }

    struct Module: Sendable {
        var symbol: String
        var path: String
        var body: String
    }

    struct Output: Sendable {
        var name: String
        var type: String
        var value: String
    }

    let path: String
    /// The source without comments.
    let text: String
    let params: [Param]
    let vars: [String: String]
    let resources: [Resource]
    let modules: [Module]
    let outputs: [Output]

    init(path: String) throws {
        self.path = path
        let source = try String(contentsOfFile: path, encoding: .utf8)
        text = Self.strippingComments(source)
        var params: [Param] = []
        var vars: [String: String] = [:]
        var resources: [Resource] = []
        var modules: [Module] = []
        var outputs: [Output] = []
        var decorators: [String] = []
        let chars = Array(text)
        var lineStart = 0
        while lineStart < chars.count {
            var lineEnd = lineStart
            while lineEnd < chars.count, chars[lineEnd] != "\n" { lineEnd += 1 }
            let line = String(chars[lineStart..<lineEnd]).trimmingCharacters(in: .whitespaces)
            var next = lineEnd + 1
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.hasPrefix("@") {
                decorators.append(line)
            } else if let keyword = words.first, ["param", "var", "resource", "module", "output"].contains(keyword), words.count >= 2 {
                // The value starts after the first '=' of the declaration.
                let declaration = chars[lineStart..<chars.count]
                let equals = declaration.firstIndex(of: "=").map { $0 } ?? lineEnd
                let (value, end) = equals < lineEnd || keyword == "param"
                    ? Self.value(in: chars, from: min(equals + 1, chars.count), lineEnd: lineEnd, hasValue: equals < lineEnd)
                    : ("", lineEnd)
                let name = words[1]
                switch keyword {
                case "param":
                    let type = words.count > 2 ? words[2] : ""
                    params.append(Param(name: name, type: type, decorators: decorators, defaultValue: equals < lineEnd ? value : nil))
                case "var":
                    vars[name] = value
                case "resource":
                    let quoted = Self.firstQuoted(line) ?? ""
                    let parts = quoted.split(separator: "@", maxSplits: 1).map(String.init)
                    resources.append(Resource(
                        symbol: name, type: parts.first ?? "", apiVersion: parts.count > 1 ? parts[1] : "",
                        isExisting: words.contains("existing"), body: value))
                case "module":
                    modules.append(Module(symbol: name, path: Self.firstQuoted(line) ?? "", body: value))
                default:
                    outputs.append(Output(name: name, type: words.count > 2 ? words[2] : "", value: value))
                }
                decorators = []
                // Nested resources are declared inside a parent's body: scan bodies too.
                if keyword != "resource" { next = max(next, end) }
            } else if !line.isEmpty {
                decorators = []
            }
            lineStart = next
        }
        self.params = params
        self.vars = vars
        self.resources = resources
        self.modules = modules
        self.outputs = outputs
    }

    /// The value from `start` to its end: a balanced `{…}`/`[…]`/`(…)` group (with whatever
    /// follows on its last line), or the rest of the line.
    private static func value(in chars: [Character], from start: Int, lineEnd: Int, hasValue: Bool) -> (String, Int) {
        guard hasValue else { return ("", lineEnd) }
        var depth = 0
        var index = start
        var inString = false
        var sawGroup = false
        while index < chars.count {
            let c = chars[index]
            if inString {
                if c == "\\" { index += 2; continue }
                if c == "'" { inString = false }
            } else if c == "'" {
                inString = true
            } else if "{[(".contains(c) {
                depth += 1
                sawGroup = true
            } else if "}])".contains(c) {
                depth -= 1
            } else if c == "\n", depth <= 0 {
                break
            }
            index += 1
        }
        _ = sawGroup
        let text = String(chars[start..<min(index, chars.count)]).trimmingCharacters(in: .whitespaces)
        return (text, index + 1)
    }

    private static func firstQuoted(_ line: String) -> String? {
        guard let open = line.firstIndex(of: "'") else { return nil }
        let rest = line[line.index(after: open)...]
        guard let close = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<close])
    }

    /// The source with `//` and `/* */` comments replaced by nothing; strings (including
    /// `'''` multi-line strings) are left as they are.
    static func strippingComments(_ source: String) -> String {
        let chars = Array(source)
        var out: [Character] = []
        out.reserveCapacity(chars.count)
        var index = 0
        while index < chars.count {
            let c = chars[index]
            let next: Character? = index + 1 < chars.count ? chars[index + 1] : nil
            if c == "'", index + 2 < chars.count, chars[index + 1] == "'", chars[index + 2] == "'" {
                var end = index + 3
                while end + 2 < chars.count, !(chars[end] == "'" && chars[end + 1] == "'" && chars[end + 2] == "'") { end += 1 }
                end = min(end + 3, chars.count)
                out += chars[index..<end]
                index = end
            } else if c == "'" {
                var end = index + 1
                while end < chars.count, chars[end] != "'", chars[end] != "\n" {
                    end += chars[end] == "\\" ? 2 : 1
                }
                end = min(end + 1, chars.count)
                out += chars[index..<end]
                index = end
            } else if c == "/", next == "/" {
                while index < chars.count, chars[index] != "\n" { index += 1 }
            } else if c == "/", next == "*" {
                index += 2
                while index + 1 < chars.count, !(chars[index] == "*" && chars[index + 1] == "/") {
                    if chars[index] == "\n" { out.append("\n") }
                    index += 1
                }
                index += 2
            } else {
                out.append(c)
                index += 1
            }
        }
        return String(out)
    }
}
