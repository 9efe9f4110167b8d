/// What ``SampleDatabase`` created: where the file is, its tables and how many rows each holds.
public struct SampleDatabaseSummary: Sendable, Hashable, Codable {
    /// The path of the database file.
    public let path: String
    /// The seed the rows were generated from; the same seed always gives the same rows.
    public let seed: UInt64
    /// The table names, in creation order (referenced tables before the tables referencing them).
    public let tableNames: [String]
    /// The number of rows in each table, keyed by table name.
    public let rowCounts: [String: Int]

    /// Creates a summary.
    public init(path: String, seed: UInt64, tableNames: [String], rowCounts: [String: Int]) {
        self.path = path
        self.seed = seed
        self.tableNames = tableNames
        self.rowCounts = rowCounts
    }

    /// The number of rows over all tables.
    public var totalRowCount: Int {
        rowCounts.values.reduce(0, +)
    }
}
