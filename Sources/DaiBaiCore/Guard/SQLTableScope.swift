import Foundation

/// The set of tables a statement may reference, normalised for case-insensitive matching.
///
/// An entry may be qualified (`dbo.users`, `public.orders`) or not (`users`). A reference
/// matches an entry when the names are equal; when the reference adds only the dialect's
/// default schema (`public`, `main`, `dbo`) in front of an unqualified entry; or when an
/// unqualified reference names the last part of a qualified entry. Other qualified references
/// (another schema or database) do not match an unqualified entry.
struct SQLTableScope: Sendable {
    private let exact: Set<String>
    private let lastParts: Set<String>
    private let defaultSchema: String?

    /// Normalises `tables` (quotes and brackets removed, lower case) for `dialect`.
    init(tables: Set<String>, dialect: SQLDialect) {
        var exact = Set<String>()
        var lastParts = Set<String>()
        for table in tables {
            let parts = Self.parts(of: table)
            guard let last = parts.last else { continue }
            exact.insert(parts.joined(separator: "."))
            lastParts.insert(last)
        }
        self.exact = exact
        self.lastParts = lastParts
        switch dialect {
        case .postgresql: defaultSchema = "public"
        case .sqlite: defaultSchema = "main"
        case .sqlserver: defaultSchema = "dbo"
        case .mysql: defaultSchema = nil
        }
    }

    /// Whether a reference, given as lowercase unquoted parts, is in scope.
    func contains(_ parts: [String]) -> Bool {
        if exact.contains(parts.joined(separator: ".")) { return true }
        if parts.count == 1, let only = parts.first { return lastParts.contains(only) }
        if parts.count == 2, let defaultSchema, parts[0] == defaultSchema { return exact.contains(parts[1]) }
        return false
    }

    /// Splits `dbo.users`, `"public"."Orders"` or `[dbo].[users]` into lowercase parts.
    static func parts(of name: String) -> [String] {
        name.split(separator: ".", omittingEmptySubsequences: false).map { part in
            var text = part.trimmingCharacters(in: .whitespaces)
            if let first = text.first, let last = text.last, text.count >= 2,
               (first == "\"" && last == "\"") || (first == "`" && last == "`") || (first == "[" && last == "]") {
                text = String(text.dropFirst().dropLast())
            }
            return text.lowercased()
        }
    }
}
