/// `MessageData`: a log line (a "trace" in Application Insights).
///
/// Wire form (`baseData`): `ver`, `message`, `severityLevel`, and when set `properties`, `measurements`.
public struct ApplicationInsightsMessageData: Sendable, Equatable, Codable {
    /// The text.
    public var message: String
    /// How severe it is.
    public var severityLevel: ApplicationInsightsSeverityLevel
    /// Custom properties (log metadata).
    public var properties: [String: String]
    /// Custom measurements.
    public var measurements: [String: Double]

    /// Creates message data.
    public init(
        message: String, severityLevel: ApplicationInsightsSeverityLevel,
        properties: [String: String] = [:], measurements: [String: Double] = [:]
    ) {
        self.message = message
        self.severityLevel = severityLevel
        self.properties = properties
        self.measurements = measurements
    }

    private enum CodingKeys: String, CodingKey {
        case ver, message, severityLevel, properties, measurements
    }

    /// Decodes the `baseData` object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ApplicationInsightsSchemaVersion.check(container, key: .ver)
        message = try container.decode(String.self, forKey: .message)
        severityLevel = try container.decodeIfPresent(ApplicationInsightsSeverityLevel.self, forKey: .severityLevel) ?? .information
        properties = try container.decodeIfPresent([String: String].self, forKey: .properties) ?? [:]
        measurements = try container.decodeIfPresent([String: Double].self, forKey: .measurements) ?? [:]
    }

    /// Encodes the `baseData` object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ApplicationInsightsSchemaVersion.current, forKey: .ver)
        try container.encode(message, forKey: .message)
        try container.encode(severityLevel, forKey: .severityLevel)
        try container.encodeIfNotEmpty(properties, forKey: .properties)
        try container.encodeIfNotEmpty(measurements, forKey: .measurements)
    }
}
