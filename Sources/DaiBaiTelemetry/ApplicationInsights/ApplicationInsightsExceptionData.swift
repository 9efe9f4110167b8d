/// `ExceptionData`: an error that was logged or that ended an operation.
///
/// Wire form (`baseData`): `ver`, `exceptions` (outermost first), `severityLevel`, and when set
/// `problemId`, `properties`, `measurements`.
public struct ApplicationInsightsExceptionData: Sendable, Equatable, Codable {
    /// The exception chain, outermost first; at least one.
    public var exceptions: [ApplicationInsightsExceptionDetails]
    /// How severe it is.
    public var severityLevel: ApplicationInsightsSeverityLevel
    /// A grouping key for the portal, if any.
    public var problemID: String?
    /// Custom properties.
    public var properties: [String: String]
    /// Custom measurements.
    public var measurements: [String: Double]

    /// Creates exception data.
    public init(
        exceptions: [ApplicationInsightsExceptionDetails], severityLevel: ApplicationInsightsSeverityLevel = .error,
        problemID: String? = nil, properties: [String: String] = [:], measurements: [String: Double] = [:]
    ) {
        self.exceptions = exceptions
        self.severityLevel = severityLevel
        self.problemID = problemID
        self.properties = properties
        self.measurements = measurements
    }

    private enum CodingKeys: String, CodingKey {
        case ver, exceptions, severityLevel, problemId, properties, measurements
    }

    /// Decodes the `baseData` object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ApplicationInsightsSchemaVersion.check(container, key: .ver)
        exceptions = try container.decode([ApplicationInsightsExceptionDetails].self, forKey: .exceptions)
        severityLevel = try container.decodeIfPresent(ApplicationInsightsSeverityLevel.self, forKey: .severityLevel) ?? .error
        problemID = try container.decodeIfPresent(String.self, forKey: .problemId)
        properties = try container.decodeIfPresent([String: String].self, forKey: .properties) ?? [:]
        measurements = try container.decodeIfPresent([String: Double].self, forKey: .measurements) ?? [:]
    }

    /// Encodes the `baseData` object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ApplicationInsightsSchemaVersion.current, forKey: .ver)
        try container.encode(exceptions, forKey: .exceptions)
        try container.encode(severityLevel, forKey: .severityLevel)
        try container.encodeIfPresent(problemID, forKey: .problemId)
        try container.encodeIfNotEmpty(properties, forKey: .properties)
        try container.encodeIfNotEmpty(measurements, forKey: .measurements)
    }
}
