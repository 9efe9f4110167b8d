/// A JSON value passed as a query parameter.
public enum CosmosQueryValue: Sendable, Hashable, Encodable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    /// A string.
    case string(String)
    /// An integer.
    case int(Int)
    /// A floating-point number.
    case double(Double)
    /// A boolean.
    case bool(Bool)
    /// JSON `null`.
    case null

    /// A string value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer value.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A boolean value.
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    /// Encodes the plain JSON value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}

/// A named query parameter, `{"name": "@p", "value": …}` on the wire.
public struct CosmosQueryParameter: Sendable, Hashable, Encodable {
    /// The name as used in the query text, starting with `@`.
    public var name: String
    /// The value.
    public var value: CosmosQueryValue

    /// Creates a parameter.
    public init(name: String, value: CosmosQueryValue) {
        self.name = name
        self.value = value
    }
}

/// A parameterised Cosmos DB SQL query: `{"query": …, "parameters": [...]}` on the wire.
///
/// Values always travel as parameters, never spliced into the text.
public struct CosmosQuery: Sendable, Hashable, Encodable {
    /// The query text, e.g. `SELECT * FROM c WHERE c.type = @type`.
    public var query: String
    /// The parameters the text refers to.
    public var parameters: [CosmosQueryParameter]

    /// Creates a query.
    public init(_ query: String, parameters: [CosmosQueryParameter] = []) {
        self.query = query
        self.parameters = parameters
    }

    /// Creates a query from `name: value` pairs (names start with `@`).
    public init(_ query: String, _ parameters: KeyValuePairs<String, CosmosQueryValue>) {
        self.init(query, parameters: parameters.map { CosmosQueryParameter(name: $0.key, value: $0.value) })
    }
}
