import Foundation

extension DatabaseSchema {
    /// A compact DDL description of the schema for a language-model prompt, one line per table.
    ///
    /// Each table renders as
    /// `CREATE TABLE name (col type NOT NULL, …, PRIMARY KEY (…), FOREIGN KEY (…) REFERENCES t(…)); -- comment`
    /// and each view as `CREATE VIEW name (col type, …);`. The trailing comment carries the table's
    /// comment, its approximate row count and column comments, when there are any.
    /// - Parameters:
    ///   - tables: Only these tables, by name or `schema.name` (case-insensitive), in schema order;
    ///     `nil` renders every table.
    ///   - dialect: How to quote identifiers that need it (`"…"`, `` `…` `` for MySQL, `[…]` for SQL Server).
    ///   - includeRowCounts: Whether to mention approximate row counts.
    public func renderDDL(tables: [String]? = nil, dialect: SQLDialect = .postgresql, includeRowCounts: Bool = true) -> String {
        let wanted = tables.map { Set($0.map { $0.lowercased() }) }
        return self.tables
            .filter { table in
                guard let wanted else { return true }
                if wanted.contains(table.name.lowercased()) { return true }
                if let schema = table.schema { return wanted.contains("\(schema).\(table.name)".lowercased()) }
                return false
            }
            .map { $0.renderDDL(dialect: dialect, includeRowCount: includeRowCounts) }
            .joined(separator: "\n")
    }
}

extension TableSchema {
    /// This table as one line of compact DDL; see ``DatabaseSchema/renderDDL(tables:dialect:includeRowCounts:)``.
    public func renderDDL(dialect: SQLDialect = .postgresql, includeRowCount: Bool = true) -> String {
        let quote = { (name: String) in SchemaIdentifier.quoted(name, dialect: dialect) }
        var parts = columns.map { column in
            var part = quote(column.name)
            if !column.type.isEmpty { part += " " + column.type }
            if !column.isNullable { part += " NOT NULL" }
            return part
        }
        if !primaryKey.isEmpty {
            parts.append("PRIMARY KEY (\(primaryKey.map(quote).joined(separator: ", ")))")
        }
        for key in foreignKeys {
            let target = SchemaIdentifier.qualified(schema: key.referencedSchema, name: key.referencedTable, dialect: dialect)
            let columns = key.referencedColumns.isEmpty ? "" : "(\(key.referencedColumns.map(quote).joined(separator: ", ")))"
            parts.append("FOREIGN KEY (\(key.columns.map(quote).joined(separator: ", "))) REFERENCES \(target)\(columns)")
        }
        let name = SchemaIdentifier.qualified(schema: schema, name: self.name, dialect: dialect)
        var line = "CREATE \(isView ? "VIEW" : "TABLE") \(name) (\(parts.joined(separator: ", ")));"
        var notes: [String] = []
        if let comment, !comment.isEmpty { notes.append(Self.oneLine(comment)) }
        if includeRowCount, let count = approximateRowCount { notes.append("~\(count) rows") }
        let columnNotes = columns.compactMap { column -> String? in
            guard let comment = column.comment, !comment.isEmpty else { return nil }
            return "\(column.name): \(Self.oneLine(comment))"
        }
        if !columnNotes.isEmpty { notes.append("columns: " + columnNotes.joined(separator: "; ")) }
        if !notes.isEmpty { line += " -- " + notes.joined(separator: "; ") }
        return line
    }

    /// `text` on one line, so that it cannot end the `--` comment it is written in.
    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}

/// Identifier quoting for rendered DDL.
enum SchemaIdentifier {
    /// `name`, quoted for `dialect` unless it is a plain identifier (letters, digits, `_`, not starting with a digit).
    static func quoted(_ name: String, dialect: SQLDialect) -> String {
        let isPlain = !name.isEmpty
            && name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" }
            && !("0"..."9").contains(name.unicodeScalars.first ?? "0")
        if isPlain { return name }
        switch dialect {
        case .mysql: return "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
        case .sqlserver: return "[" + name.replacingOccurrences(of: "]", with: "]]") + "]"
        case .sqlite, .postgresql: return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }

    /// `schema.name`, each part quoted as needed; the schema is left out when it is `nil`,
    /// `public` (PostgreSQL's default), `main` (SQLite's) or `dbo` (SQL Server's).
    static func qualified(schema: String?, name: String, dialect: SQLDialect) -> String {
        guard let schema, !["public", "main", "dbo"].contains(schema.lowercased()) else {
            return quoted(name, dialect: dialect)
        }
        return quoted(schema, dialect: dialect) + "." + quoted(name, dialect: dialect)
    }
}
