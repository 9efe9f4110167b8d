import Foundation

/// One value of a result row.
public enum SQLValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// SQL NULL.
    case null
    /// An integer.
    case integer(Int64)
    /// A floating-point number.
    case double(Double)
    /// Text (also used for decimals, dates and other types rendered by the database).
    case text(String)
    /// Binary data.
    case blob([UInt8])
    /// A boolean.
    case bool(Bool)

    /// The value as text, `nil` for NULL; blobs are summarised, not dumped.
    public var textValue: String? {
        switch self {
        case .null: nil
        case .integer(let value): String(value)
        case .double(let value): String(value)
        case .text(let value): value
        case .blob(let bytes): "<\(bytes.count) bytes>"
        case .bool(let value): value ? "true" : "false"
        }
    }

    /// The value as text, `NULL` for NULL.
    public var description: String { textValue ?? "NULL" }
}

/// Limits applied to one query.
public struct QueryOptions: Sendable, Hashable {
    /// The most rows returned; more rows set ``QueryResult/truncated``.
    public var maxRows: Int
    /// The longest the query may run before it is cancelled.
    public var timeout: Duration

    /// Creates query limits (defaults: 500 rows, 10 seconds).
    public init(maxRows: Int = 500, timeout: Duration = .seconds(10)) {
        self.maxRows = maxRows
        self.timeout = timeout
    }
}

/// The rows a read-only query returned.
public struct QueryResult: Sendable, Hashable {
    /// Column names in order.
    public var columns: [String]
    /// At most ``QueryOptions/maxRows`` rows.
    public var rows: [[SQLValue]]
    /// Whether the query had more rows than were returned.
    public var truncated: Bool
    /// The columns' types as the database names them, one per column (`nil` where the database
    /// does not say, such as SQLite expressions); empty when the connector does not report types.
    public var columnTypes: [String?]

    /// Creates a result.
    public init(columns: [String], rows: [[SQLValue]], truncated: Bool, columnTypes: [String?] = []) {
        self.columns = columns
        self.rows = rows
        self.truncated = truncated
        self.columnTypes = columnTypes
    }

    /// The result as chat history keeps it: at most `maxRows` rows, rendered as text.
    public func stored(maxRows: Int = 100) -> StoredQueryResult {
        StoredQueryResult(columns: columns, rows: rows.map { $0.map(\.textValue) }, totalRows: rows.count, maxRows: maxRows)
    }
}
