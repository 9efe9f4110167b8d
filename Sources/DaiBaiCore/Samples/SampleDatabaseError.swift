import GRDB

/// Why ``SampleDatabase`` could not create a sample database.
///
/// The message names the step that failed (for example `"create the temporary file"`) and the
/// underlying cause.
public struct SampleDatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The step that failed, for example `"insert the sample rows"`.
    public let operation: String
    /// What went wrong, for example `"SQLite error 14: unable to open database file"`.
    public let detail: String

    /// Creates an error for `operation`.
    public init(operation: String, detail: String) {
        self.operation = operation
        self.detail = detail
    }

    init(operation: String, underlying error: any Error) {
        self.operation = operation
        if let error = error as? GRDB.DatabaseError {
            self.detail = "SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "no message")"
        } else {
            self.detail = "\(type(of: error)): \(error)"
        }
    }

    /// `<operation> failed: <detail>`.
    public var description: String { "\(operation) failed: \(detail)" }
}
