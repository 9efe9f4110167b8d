import Foundation

/// A JSON value as the fake Cosmos DB server keeps documents (integers stay integers).
public enum CosmosFakeJSON: Codable, Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number that is an integer.
    case int(Int64)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([CosmosFakeJSON])
    /// An object.
    case object([String: CosmosFakeJSON])

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([CosmosFakeJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: CosmosFakeJSON].self))
        }
    }

    /// Encodes the value as JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The JSON value in `bytes`, or `nil` when they are not JSON.
    public static func parse(_ bytes: [UInt8]) -> CosmosFakeJSON? {
        try? JSONDecoder().decode(CosmosFakeJSON.self, from: Data(bytes))
    }

    /// The value as JSON bytes with sorted keys (how the fake stores and answers documents).
    public var bytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? Array(encoder.encode(self))) ?? []
    }

    /// The field `key` of an object, or `nil` (also for values that are not objects).
    public subscript(key: String) -> CosmosFakeJSON? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// The string, or `nil` for other values.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer (also a double without fraction), or `nil`.
    public var intValue: Int64? {
        switch self {
        case .int(let value): value
        case .double(let value): Int64(exactly: value)
        default: nil
        }
    }

    /// Cosmos DB's order across types: null < booleans < numbers < strings (strings by code point).
    public static func ordered(_ lhs: CosmosFakeJSON?, _ rhs: CosmosFakeJSON?) -> Bool {
        func rank(_ value: CosmosFakeJSON?) -> Int {
            switch value {
            case nil: 0
            case .null: 1
            case .bool: 2
            case .int, .double: 3
            case .string: 4
            case .array, .object: 5
            }
        }
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): return !a && b
        case (.string(let a), .string(let b)): return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
        default:
            if let a = lhs?.number, let b = rhs?.number { return a < b }
            return rank(lhs) < rank(rhs)
        }
    }

    private var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}
