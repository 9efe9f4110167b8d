/// `EventData`: a named business or usage event ("customEvents").
///
/// Wire form (`baseData`): `ver`, `name`, and when set `properties`, `measurements`.
public struct ApplicationInsightsEventData: Sendable, Equatable, Codable {
    /// The event's name; keep it low-cardinality.
    public var name: String
    /// Custom properties.
    public var properties: [String: String]
    /// Custom measurements.
    public var measurements: [String: Double]

    /// Creates event data.
    public init(name: String, properties: [String: String] = [:], measurements: [String: Double] = [:]) {
        self.name = name
        self.properties = properties
        self.measurements = measurements
    }

    private enum CodingKeys: String, CodingKey {
        case ver, name, properties, measurements
    }

    /// Decodes the `baseData` object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ApplicationInsightsSchemaVersion.check(container, key: .ver)
        name = try container.decode(String.self, forKey: .name)
        properties = try container.decodeIfPresent([String: String].self, forKey: .properties) ?? [:]
        measurements = try container.decodeIfPresent([String: Double].self, forKey: .measurements) ?? [:]
    }

    /// Encodes the `baseData` object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ApplicationInsightsSchemaVersion.current, forKey: .ver)
        try container.encode(name, forKey: .name)
        try container.encodeIfNotEmpty(properties, forKey: .properties)
        try container.encodeIfNotEmpty(measurements, forKey: .measurements)
    }
}
