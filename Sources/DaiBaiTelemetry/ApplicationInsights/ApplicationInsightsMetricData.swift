/// `MetricData`: metric values with their dimensions.
///
/// Wire form (`baseData`): `ver`, `metrics` (the service stores only the first point, so send
/// one per envelope), and when set `properties` (the dimensions).
public struct ApplicationInsightsMetricData: Sendable, Equatable, Codable {
    /// The data points; Application Insights keeps only the first.
    public var metrics: [ApplicationInsightsMetricDataPoint]
    /// The dimensions.
    public var properties: [String: String]

    /// Creates metric data.
    public init(metrics: [ApplicationInsightsMetricDataPoint], properties: [String: String] = [:]) {
        self.metrics = metrics
        self.properties = properties
    }

    private enum CodingKeys: String, CodingKey {
        case ver, metrics, properties
    }

    /// Decodes the `baseData` object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ApplicationInsightsSchemaVersion.check(container, key: .ver)
        metrics = try container.decode([ApplicationInsightsMetricDataPoint].self, forKey: .metrics)
        properties = try container.decodeIfPresent([String: String].self, forKey: .properties) ?? [:]
    }

    /// Encodes the `baseData` object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ApplicationInsightsSchemaVersion.current, forKey: .ver)
        try container.encode(metrics, forKey: .metrics)
        try container.encodeIfNotEmpty(properties, forKey: .properties)
    }
}
