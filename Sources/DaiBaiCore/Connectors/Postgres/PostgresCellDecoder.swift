import PostgresNIO

/// Decodes PostgreSQL result cells (binary format) to ``SQLValue``.
///
/// - `int2`, `int4`, `int8`, `oid` → ``SQLValue/integer(_:)``; `float4`, `float8` → ``SQLValue/double(_:)``;
///   `bool` → ``SQLValue/bool(_:)``;
/// - `numeric` → ``SQLValue/text(_:)``, exact (`"12.50"`, `"NaN"`, `"Infinity"`);
/// - `text`, `varchar`, `char`, `name`, `json`, `jsonb`, `xml`, `uuid` → ``SQLValue/text(_:)``;
/// - `date` (`2024-02-29`), `time` (`13:45:00.5`), `timetz` (`13:45:00+02:00`), `timestamp`
///   (`2024-02-29T13:45:00`), `timestamptz` (`2024-02-29T11:45:00Z`, in UTC) and `interval`
///   (`P1Y2M3DT4H5M6S`) → ISO 8601 ``SQLValue/text(_:)``; infinite dates and timestamps as `infinity`/`-infinity`;
/// - `bytea` → ``SQLValue/blob(_:)``, the raw bytes, as SQLite BLOBs are (render them as base64 where text is needed);
/// - any other type returns `nil`: the connector then asks the server for the value's text representation.
enum PostgresCellDecoder {
    /// PostgreSQL's epoch (2000-01-01) in days after the Unix epoch.
    private static let epochDays: Int64 = 10_957
    private static let microsecondsPerDay: Int64 = 86_400_000_000

    /// The type's name for ``QueryResult/columnTypes``, for the types this decoder knows.
    static func typeName(_ type: PostgresDataType) -> String? {
        switch type.rawValue {
        case 16: "boolean"
        case 17: "bytea"
        case 18: "\"char\""
        case 19: "name"
        case 20: "bigint"
        case 21: "smallint"
        case 23: "integer"
        case 25: "text"
        case 26: "oid"
        case 114: "json"
        case 142: "xml"
        case 700: "real"
        case 701: "double precision"
        case 705: "unknown"
        case 790: "money"
        case 1042: "character"
        case 1043: "character varying"
        case 1082: "date"
        case 1083: "time without time zone"
        case 1114: "timestamp without time zone"
        case 1184: "timestamp with time zone"
        case 1186: "interval"
        case 1266: "time with time zone"
        case 1700: "numeric"
        case 2950: "uuid"
        case 3802: "jsonb"
        default: nil
        }
    }

    /// The value of `cell`, or `nil` when its type needs the server's text conversion.
    static func decode(_ cell: PostgresCell) -> SQLValue? {
        guard var buffer = cell.bytes else { return .null }
        if cell.format == .text {
            return .text(buffer.readString(length: buffer.readableBytes) ?? "")
        }
        switch cell.dataType.rawValue {
        case 16: return buffer.readInteger(as: UInt8.self).map { .bool($0 != 0) }
        case 17: return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
        case 18, 19, 25, 114, 142, 705, 1042, 1043:
            return .text(buffer.readString(length: buffer.readableBytes) ?? "")
        case 3802, 4072:  // jsonb, jsonpath: a version byte, then text
            _ = buffer.readInteger(as: UInt8.self)
            return .text(buffer.readString(length: buffer.readableBytes) ?? "")
        case 20: return buffer.readInteger(as: Int64.self).map { .integer($0) }
        case 21: return buffer.readInteger(as: Int16.self).map { .integer(Int64($0)) }
        case 23: return buffer.readInteger(as: Int32.self).map { .integer(Int64($0)) }
        case 26: return buffer.readInteger(as: UInt32.self).map { .integer(Int64($0)) }
        case 700:
            // Through its shortest decimal form, so that 1.1 stays 1.1 rather than 1.100000023841858.
            return buffer.readInteger(as: UInt32.self).map { .double(Double(String(Float(bitPattern: $0))) ?? .nan) }
        case 701: return buffer.readInteger(as: UInt64.self).map { .double(Double(bitPattern: $0)) }
        case 1700: return numeric(&buffer).map { .text($0) }
        case 2950: return uuid(&buffer).map { .text($0) }
        case 1082:
            guard let days = buffer.readInteger(as: Int32.self) else { return nil }
            if days == .max { return .text("infinity") }
            if days == .min { return .text("-infinity") }
            return .text(date(days: Int64(days) + epochDays))
        case 1083:
            return buffer.readInteger(as: Int64.self).map { .text(time(microseconds: $0)) }
        case 1266:
            guard let micros = buffer.readInteger(as: Int64.self), let west = buffer.readInteger(as: Int32.self) else { return nil }
            return .text(time(microseconds: micros) + zone(secondsEast: -Int64(west)))
        case 1114, 1184:
            guard let micros = buffer.readInteger(as: Int64.self) else { return nil }
            if micros == .max { return .text("infinity") }
            if micros == .min { return .text("-infinity") }
            let days = floorDivide(micros, microsecondsPerDay)
            let text = date(days: days + epochDays) + "T" + time(microseconds: micros - days * microsecondsPerDay)
            return .text(cell.dataType.rawValue == 1184 ? text + "Z" : text)
        case 1186:
            guard let micros = buffer.readInteger(as: Int64.self), let days = buffer.readInteger(as: Int32.self),
                  let months = buffer.readInteger(as: Int32.self) else { return nil }
            return .text(interval(microseconds: micros, days: Int64(days), months: Int64(months)))
        default:
            return nil
        }
    }

    // MARK: - Formats

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `YYYY-MM-DD` (proleptic Gregorian; years outside 0...9999 with a sign) of `days` after 1970-01-01.
    static func date(days: Int64) -> String {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let yearText = (0...9999).contains(year) ? padded(year, 4) : (year < 0 ? "-" : "+") + padded(Int64(year.magnitude), 4)
        return "\(yearText)-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// `HH:MM:SS[.ffffff]` (trailing zeros of the fraction dropped) of `microseconds` after midnight.
    static func time(microseconds: Int64) -> String {
        let seconds = microseconds / 1_000_000
        var text = "\(padded(seconds / 3600, 2)):\(padded(seconds / 60 % 60, 2)):\(padded(seconds % 60, 2))"
        let fraction = microseconds % 1_000_000
        if fraction != 0 {
            var digits = padded(fraction, 6)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    private static func zone(secondsEast: Int64) -> String {
        if secondsEast == 0 { return "Z" }
        let magnitude = secondsEast.magnitude
        var text = (secondsEast < 0 ? "-" : "+") + padded(Int64(magnitude / 3600), 2) + ":" + padded(Int64(magnitude / 60 % 60), 2)
        if magnitude % 60 != 0 { text += ":" + padded(Int64(magnitude % 60), 2) }
        return text
    }

    /// An ISO 8601 duration; components keep PostgreSQL's signs (`P-1D`, `PT-1H30M`).
    static func interval(microseconds: Int64, days: Int64, months: Int64) -> String {
        var text = "P"
        if months / 12 != 0 { text += "\(months / 12)Y" }
        if months % 12 != 0 { text += "\(months % 12)M" }
        if days != 0 { text += "\(days)D" }
        var clock = ""
        let hours = microseconds / 3_600_000_000
        let minutes = microseconds / 60_000_000 % 60
        let micros = microseconds % 60_000_000
        if hours != 0 { clock += "\(hours)H" }
        if minutes != 0 { clock += "\(minutes)M" }
        if micros != 0 {
            var seconds = (micros < 0 ? "-" : "") + String(micros.magnitude / 1_000_000)
            let fraction = micros.magnitude % 1_000_000
            if fraction != 0 {
                var digits = padded(Int64(fraction), 6)
                while digits.hasSuffix("0") { digits.removeLast() }
                seconds += "." + digits
            }
            clock += seconds + "S"
        }
        if !clock.isEmpty { text += "T" + clock }
        return text == "P" ? "PT0S" : text
    }

    /// The exact decimal text of a binary `numeric`.
    static func numeric(_ buffer: inout ByteBuffer) -> String? {
        guard let count = buffer.readInteger(as: Int16.self), let weight = buffer.readInteger(as: Int16.self),
              let sign = buffer.readInteger(as: UInt16.self), let scale = buffer.readInteger(as: Int16.self) else { return nil }
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        default: break
        }
        var digits: [Int64] = []
        for _ in 0..<max(0, Int(count)) {
            guard let digit = buffer.readInteger(as: Int16.self) else { return nil }
            digits.append(Int64(digit))
        }
        func digit(_ index: Int) -> Int64 { index >= 0 && index < digits.count ? digits[index] : 0 }
        var text = ""
        if weight >= 0 {
            for index in 0...Int(weight) {
                text += index == 0 ? String(digit(index)) : padded(digit(index), 4)
            }
        } else {
            text = "0"
        }
        if scale > 0 {
            var fraction = ""
            var index = Int(weight) + 1
            while fraction.count < Int(scale) {
                fraction += padded(digit(index), 4)
                index += 1
            }
            text += "." + fraction.prefix(Int(scale))
        }
        return (sign == 0x4000 ? "-" : "") + text
    }

    private static func uuid(_ buffer: inout ByteBuffer) -> String? {
        guard let bytes = buffer.readBytes(length: 16) else { return nil }
        let hex = bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
}
