import GRDB

/// The generated rows of one sample table, ready to insert.
struct SampleTableRows: Sendable {
    /// The table name.
    let table: String
    /// The column names, in the order of each row's values.
    let columns: [String]
    /// The rows; each holds one value per column.
    var rows: [[DatabaseValue]] = []

    /// Starts an empty set of rows for `table`.
    init(table: String, columns: [String]) {
        self.table = table
        self.columns = columns
    }

    /// Appends one row; `nil` values become SQL `NULL`.
    mutating func append(_ values: (any DatabaseValueConvertible)?...) {
        rows.append(values.map { $0?.databaseValue ?? .null })
    }

    /// `INSERT INTO <table> (<columns>) VALUES (?, …)`.
    var insertSQL: String {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
    }
}
