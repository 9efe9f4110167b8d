import GRDB

/// Reads a SQLite database's schema through `sqlite_master` and the schema-reading pragma functions.
enum SQLiteSchemaIntrospector {
    static func schema(_ db: Database) throws -> DatabaseSchema {
        let objects = try Row.fetchAll(db, sql: """
            SELECT name, type FROM sqlite_master
            WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            ORDER BY name
            """)
        let rowCounts = try approximateRowCounts(db)
        var tables: [TableSchema] = []
        for object in objects {
            let name: String = object["name"]
            let isView = (object["type"] as String) == "view"
            var columns: [ColumnSchema] = []
            var primaryKey: [(position: Int, name: String)] = []
            for column in try Row.fetchAll(
                db, sql: "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid", arguments: [name])
            {
                let columnName: String = column["name"]
                columns.append(ColumnSchema(
                    name: columnName, type: column["type"] ?? "", isNullable: (column["notnull"] as Int) == 0))
                let position: Int = column["pk"]
                if position > 0 { primaryKey.append((position, columnName)) }
            }
            var foreignKeys: [ForeignKey] = []
            if !isView {
                let references = try Row.fetchAll(
                    db, sql: "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq",
                    arguments: [name])
                var byID: [(id: Int, key: ForeignKey)] = []
                for reference in references {
                    let id: Int = reference["id"]
                    let from: String = reference["from"]
                    let to: String? = reference["to"]
                    if let last = byID.last, last.id == id {
                        byID[byID.count - 1].key.columns.append(from)
                        if let to { byID[byID.count - 1].key.referencedColumns.append(to) }
                    } else {
                        byID.append((id, ForeignKey(columns: [from], referencedTable: reference["table"], referencedColumns: to.map { [$0] } ?? [])))
                    }
                }
                foreignKeys = byID.map(\.key)
            }
            tables.append(TableSchema(
                name: name, columns: columns,
                primaryKey: primaryKey.sorted { $0.position < $1.position }.map(\.name),
                foreignKeys: foreignKeys, isView: isView,
                approximateRowCount: isView ? nil : rowCounts[name.lowercased()]))
        }
        // A foreign key that names no columns references the other table's primary key.
        for index in tables.indices {
            for keyIndex in tables[index].foreignKeys.indices where tables[index].foreignKeys[keyIndex].referencedColumns.isEmpty {
                let referenced = tables[index].foreignKeys[keyIndex].referencedTable
                if let target = tables.first(where: { $0.name.caseInsensitiveCompare(referenced) == .orderedSame }) {
                    tables[index].foreignKeys[keyIndex].referencedColumns = target.primaryKey
                }
            }
        }
        return DatabaseSchema(tables: tables)
    }

    /// Row counts that `ANALYZE` recorded in `sqlite_stat1` (the first number of each entry), by lowercased table name.
    private static func approximateRowCounts(_ db: Database) throws -> [String: Int] {
        let hasStatistics = try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1')") ?? false
        guard hasStatistics else { return [:] }
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT tbl, stat FROM sqlite_stat1") {
            guard let table: String = row["tbl"], let stat: String = row["stat"],
                  let first = stat.split(separator: " ").first, let count = Int(first) else { continue }
            counts[table.lowercased()] = max(counts[table.lowercased()] ?? 0, count)
        }
        return counts
    }
}
