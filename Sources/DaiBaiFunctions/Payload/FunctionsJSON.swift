/// Any JSON value, as the Azure Functions host puts it into an invocation payload (`Data`,
/// `Metadata`) and reads it back from a response (`Outputs`, `ReturnValue`).
///
/// Numbers are `Double`s, as in JSON itself. The wire shapes are documented in
/// <https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#request-payload>.
public enum FunctionsJSON: Sendable, Hashable, Codable {
    /// JSON `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A JSON number.
    case number(Double)
    /// A JSON string.
    case string(String)
    /// A JSON array.
    case array([FunctionsJSON])
    /// A JSON object.
    case object([String: FunctionsJSON])

    /// Decodes whichever JSON value comes next.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([FunctionsJSON].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: FunctionsJSON].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    /// Encodes the value as the JSON it stands for.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The member `key` when this is an object (`nil` otherwise, or when it is missing).
    public subscript(key: String) -> FunctionsJSON? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The text when this is a string, otherwise `nil`.
    public var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// The flag when this is a boolean, otherwise `nil`.
    public var boolValue: Bool? {
        guard case .bool(let flag) = self else { return nil }
        return flag
    }
}
