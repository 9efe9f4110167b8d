import DaiBaiCore
import Testing

@Suite("Schema rendering and fingerprint")
struct SchemaRenderingTests {
    static let schema = DatabaseSchema(tables: [
        TableSchema(
            name: "authors",
            columns: [ColumnSchema(name: "id", type: "INTEGER", isNullable: false), ColumnSchema(name: "full name", type: "TEXT", comment: "as printed\non covers")],
            primaryKey: ["id"], comment: "Writers", approximateRowCount: 120),
        TableSchema(
            name: "books",
            columns: [ColumnSchema(name: "id", type: "INTEGER", isNullable: false), ColumnSchema(name: "author_id", type: "INTEGER")],
            primaryKey: ["id"],
            foreignKeys: [ForeignKey(columns: ["author_id"], referencedTable: "authors", referencedColumns: ["id"])]),
        TableSchema(schema: "reporting", name: "totals", columns: [ColumnSchema(name: "n", type: "")], isView: true),
    ])

    @Test("renders compact DDL per table, with comments and row counts")
    func ddl() {
        #expect(Self.schema.renderDDL(dialect: .sqlite) == """
            CREATE TABLE authors (id INTEGER NOT NULL, "full name" TEXT, PRIMARY KEY (id)); -- Writers; ~120 rows; columns: full name: as printed on covers
            CREATE TABLE books (id INTEGER NOT NULL, author_id INTEGER, PRIMARY KEY (id), FOREIGN KEY (author_id) REFERENCES authors(id));
            CREATE VIEW reporting.totals (n);
            """)
        #expect(Self.schema.renderDDL(tables: ["BOOKS", "reporting.totals"], dialect: .mysql) == """
            CREATE TABLE books (id INTEGER NOT NULL, author_id INTEGER, PRIMARY KEY (id), FOREIGN KEY (author_id) REFERENCES authors(id));
            CREATE VIEW reporting.totals (n);
            """)
        #expect(Self.schema.tables[0].renderDDL(dialect: .sqlserver, includeRowCount: false)
            == "CREATE TABLE authors (id INTEGER NOT NULL, [full name] TEXT, PRIMARY KEY (id)); -- Writers; columns: full name: as printed on covers")
        #expect(Self.schema.tables[0].renderDDL(dialect: .mysql).contains("`full name` TEXT"))
    }

    @Test("the fingerprint ignores row counts and table order, and sees every structural change")
    func fingerprint() {
        let base = Self.schema.fingerprint
        #expect(base.count == 64 && base.allSatisfy { $0.isHexDigit })
        var counts = Self.schema
        counts.tables[0].approximateRowCount = 5
        #expect(counts.fingerprint == base)
        #expect(DatabaseSchema(tables: Self.schema.tables.reversed()).fingerprint == base)

        var changes: [DatabaseSchema] = []
        var s = Self.schema; s.tables[0].columns.append(ColumnSchema(name: "born", type: "DATE")); changes.append(s)
        s = Self.schema; s.tables[0].columns[1].type = "VARCHAR"; changes.append(s)
        s = Self.schema; s.tables[0].columns[1].isNullable = false; changes.append(s)
        s = Self.schema; s.tables[1].primaryKey = ["id", "author_id"]; changes.append(s)
        s = Self.schema; s.tables[1].foreignKeys = []; changes.append(s)
        s = Self.schema; s.tables[2].isView = false; changes.append(s)
        s = Self.schema; s.tables[0].name = "writers"; changes.append(s)
        s = Self.schema; s.tables[0].comment = "Authors"; changes.append(s)
        s = Self.schema; s.tables[0].columns.swapAt(0, 1); changes.append(s)
        let fingerprints = changes.map(\.fingerprint)
        #expect(!fingerprints.contains(base))
        #expect(Set(fingerprints).count == fingerprints.count)
    }
}
