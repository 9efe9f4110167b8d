/// The introspected structure of a database, as the agent and the guard see it.
public struct DatabaseSchema: Sendable, Hashable, Codable {
    /// The tables and views.
    public var tables: [TableSchema]

    /// Creates a schema.
    public init(tables: [TableSchema]) { self.tables = tables }

    /// The table named `name` (case-insensitive), if any.
    public func table(named name: String) -> TableSchema? {
        tables.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}

/// A table or view.
public struct TableSchema: Sendable, Hashable, Codable {
    /// The schema (namespace) that holds it, for dialects that have one.
    public var schema: String?
    /// The table's name.
    public var name: String
    /// Its columns in order.
    public var columns: [ColumnSchema]
    /// The primary key's columns.
    public var primaryKey: [String]
    /// Its foreign keys.
    public var foreignKeys: [ForeignKey]
    /// A comment, when the database has one.
    public var comment: String?
    /// Whether it is a view.
    public var isView: Bool
    /// About how many rows it holds, from the engine's statistics (never counted), when known.
    public var approximateRowCount: Int?

    /// Creates a table description.
    public init(schema: String? = nil, name: String, columns: [ColumnSchema], primaryKey: [String] = [], foreignKeys: [ForeignKey] = [], comment: String? = nil, isView: Bool = false, approximateRowCount: Int? = nil) {
        self.schema = schema
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.foreignKeys = foreignKeys
        self.comment = comment
        self.isView = isView
        self.approximateRowCount = approximateRowCount
    }
}

/// A column.
public struct ColumnSchema: Sendable, Hashable, Codable {
    /// Its name.
    public var name: String
    /// Its declared type, as the database spells it.
    public var type: String
    /// Whether it accepts NULL.
    public var isNullable: Bool
    /// A comment, when the database has one.
    public var comment: String?

    /// Creates a column description.
    public init(name: String, type: String, isNullable: Bool = true, comment: String? = nil) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.comment = comment
    }
}

/// A foreign key from some columns of a table to another table.
public struct ForeignKey: Sendable, Hashable, Codable {
    /// The referencing columns.
    public var columns: [String]
    /// The referenced table.
    public var referencedTable: String
    /// The referenced columns.
    public var referencedColumns: [String]
    /// The schema (namespace) of the referenced table, for dialects that have one.
    public var referencedSchema: String?

    /// Creates a foreign key description.
    public init(columns: [String], referencedTable: String, referencedColumns: [String], referencedSchema: String? = nil) {
        self.columns = columns
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
        self.referencedSchema = referencedSchema
    }
}
