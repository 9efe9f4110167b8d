import Logging
import PostgresNIO

/// A result cell whose type ``PostgresCellDecoder`` does not decode.
struct PendingCell: Sendable {
    var row: Int
    var column: Int
    var type: PostgresDataType
    var bytes: ByteBuffer
}

/// Asks the server for the text representation of values the client cannot decode, by sending
/// them back as parameters of their own type: `SELECT format('%s', $1), …`, which renders
/// each with its type's output function, as `psql` shows it.
///
/// Values are grouped by type, so that a type the server cannot read back (anonymous records)
/// only affects its own values, which become a note asking to cast the column to text. Each
/// group runs inside a savepoint of the query's read-only transaction.
enum PostgresTextConversion {
    private struct RawValue: PostgresThrowingDynamicTypeEncodable {
        var psqlType: PostgresDataType
        var psqlFormat: PostgresFormat { .binary }
        var bytes: ByteBuffer

        func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) throws {
            var bytes = bytes
            byteBuffer.writeBuffer(&bytes)
        }
    }

    private static let chunkSize = 1000

    static func convert(_ cells: [PendingCell], on connection: PostgresConnection, logger: Logger) async throws(DatabaseError) -> [(PendingCell, SQLValue)] {
        var converted: [(PendingCell, SQLValue)] = []
        let groups = Dictionary(grouping: cells, by: \.type.rawValue)
        for type in groups.keys.sorted() {
            let group = groups[type] ?? []
            try await PostgresConnector.run("SAVEPOINT daibai_text", on: connection, logger: logger)
            do {
                var index = 0
                var values: [(PendingCell, SQLValue)] = []
                while index < group.count {
                    let chunk = Array(group[index..<min(group.count, index + chunkSize)])
                    values += try await convertChunk(chunk, on: connection, logger: logger)
                    index += chunkSize
                }
                converted += values
                try await PostgresConnector.run("RELEASE SAVEPOINT daibai_text", on: connection, logger: logger)
            } catch {
                try await PostgresConnector.run("ROLLBACK TO SAVEPOINT daibai_text", on: connection, logger: logger)
                try await PostgresConnector.run("RELEASE SAVEPOINT daibai_text", on: connection, logger: logger)
                let note = SQLValue.text("<value of PostgreSQL type oid \(type) that cannot be read back; cast the column to text in the query>")
                converted += group.map { ($0, note) }
            }
        }
        return converted
    }

    private static func convertChunk(_ chunk: [PendingCell], on connection: PostgresConnection, logger: Logger) async throws -> [(PendingCell, SQLValue)] {
        var bindings = PostgresBindings(capacity: chunk.count)
        for cell in chunk { try bindings.append(RawValue(psqlType: cell.type, bytes: cell.bytes)) }
        // format() uses the type's output function (a ::text cast differs for some types, such as inet).
        let sql = "SELECT " + (1...chunk.count).map { "format('%s', $\($0))" }.joined(separator: ", ")
        var texts: [SQLValue] = []
        for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger) {
            texts = row.map { cell in PostgresCellDecoder.decode(cell) ?? .null }
        }
        return Array(zip(chunk, texts))
    }
}
