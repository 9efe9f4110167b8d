import Crypto

extension DatabaseSchema {
    /// The version of the encoding behind ``fingerprint``; it is part of the hashed bytes.
    static let fingerprintVersion = "daibai.schema-fingerprint.v1"

    /// A SHA-256 hash (64 lowercase hex digits) of the schema's structure, for cache invalidation.
    ///
    /// It covers every table and view (sorted by schema and name), its kind, its columns in order
    /// with their types and nullability, its primary key, its foreign keys (sorted) and the
    /// comments, in a versioned, length-prefixed encoding. It does not cover approximate row
    /// counts, so it changes when the schema changes and not when data does.
    public var fingerprint: String {
        var encoder = FingerprintEncoder()
        encoder.field(Self.fingerprintVersion)
        let sorted = tables.sorted { ($0.schema ?? "", $0.name) < ($1.schema ?? "", $1.name) }
        for table in sorted {
            encoder.field(table.isView ? "view" : "table")
            encoder.field(table.schema)
            encoder.field(table.name)
            encoder.field(table.comment)
            encoder.count(table.columns.count)
            for column in table.columns {
                encoder.field(column.name)
                encoder.field(column.type)
                encoder.field(column.isNullable ? "null" : "not null")
                encoder.field(column.comment)
            }
            encoder.list(table.primaryKey)
            let keys = table.foreignKeys.map { key in
                [key.columns.joined(separator: "\u{0}"), key.referencedSchema ?? "", key.referencedTable, key.referencedColumns.joined(separator: "\u{0}")]
            }.sorted { $0.lexicographicallyPrecedes($1) }
            encoder.count(keys.count)
            for key in keys { encoder.list(key) }
        }
        return SHA256.hash(data: encoder.bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// An unambiguous byte encoding: every field is length-prefixed, `nil` differs from empty.
private struct FingerprintEncoder {
    var bytes: [UInt8] = []

    mutating func count(_ value: Int) {
        bytes.append(contentsOf: Array("#\(value);".utf8))
    }

    mutating func field(_ value: String?) {
        guard let value else {
            bytes.append(contentsOf: Array("-;".utf8))
            return
        }
        let utf8 = Array(value.utf8)
        bytes.append(contentsOf: Array("\(utf8.count):".utf8))
        bytes.append(contentsOf: utf8)
    }

    mutating func list(_ values: [String]) {
        count(values.count)
        for value in values { field(value) }
    }
}
