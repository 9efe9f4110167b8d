/// A result as the MariaDB text protocol returns it: column metadata and each cell's bytes.
struct MariaDBTextResult: Sendable {
    /// The result's columns, in order.
    var columns: [MariaDBColumn]
    /// The rows read, each cell's bytes or `nil` for SQL NULL.
    var rows: [[[UInt8]?]]
    /// Whether the server had more rows than were read.
    var truncated: Bool
}

/// One column of a ``MariaDBTextResult``.
struct MariaDBColumn: Sendable, Equatable {
    /// The column's name or alias.
    var name: String
    /// The `enum_field_types` value (`MYSQL_TYPE_…`).
    var type: UInt32
    /// Whether the column holds bytes (the binary character set, 63), not text.
    var isBinary: Bool
    /// Whether an integer column is `UNSIGNED`.
    var isUnsigned: Bool
}
