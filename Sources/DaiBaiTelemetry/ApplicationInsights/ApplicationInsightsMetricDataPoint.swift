/// One metric value of an ``ApplicationInsightsMetricData``.
///
/// Wire form: `name`, `value`, and for aggregates `count`, `min`, `max`, `stdDev` and
/// `kind: "Aggregation"` (a single measurement has no `kind`, which means `Measurement`).
public struct ApplicationInsightsMetricDataPoint: Sendable, Equatable, Codable {
    /// Whether the point is one measurement or the aggregate of several.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A single measurement: only ``ApplicationInsightsMetricDataPoint/value``.
        case measurement = "Measurement"
        /// An aggregate: the value is the sum, with count, minimum, maximum and standard deviation.
        case aggregation = "Aggregation"
    }

    /// The metric's name.
    public var name: String
    /// The measurement, or the sum of the aggregated measurements.
    public var value: Double
    /// How many measurements were aggregated.
    public var count: Int?
    /// The smallest aggregated measurement.
    public var min: Double?
    /// The largest aggregated measurement.
    public var max: Double?
    /// The standard deviation of the aggregated measurements.
    public var standardDeviation: Double?
    /// Measurement or aggregation.
    public var kind: Kind

    /// A single measurement.
    public init(name: String, value: Double) {
        self.name = name
        self.value = value
        self.kind = .measurement
    }

    /// An aggregate of `count` measurements whose sum is `sum`.
    public init(name: String, sum: Double, count: Int, min: Double, max: Double, standardDeviation: Double) {
        self.name = name
        self.value = sum
        self.count = count
        self.min = min
        self.max = max
        self.standardDeviation = standardDeviation
        self.kind = .aggregation
    }

    private enum CodingKeys: String, CodingKey {
        case name, value, count, min, max, stdDev, kind
    }

    /// Decodes one data point.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        value = try container.decode(Double.self, forKey: .value)
        count = try container.decodeIfPresent(Int.self, forKey: .count)
        min = try container.decodeIfPresent(Double.self, forKey: .min)
        max = try container.decodeIfPresent(Double.self, forKey: .max)
        standardDeviation = try container.decodeIfPresent(Double.self, forKey: .stdDev)
        kind = try container.decodeIfPresent(Kind.self, forKey: .kind) ?? .measurement
    }

    /// Encodes one data point.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value, forKey: .value)
        guard kind == .aggregation else { return }
        try container.encodeIfPresent(count, forKey: .count)
        try container.encodeIfPresent(min, forKey: .min)
        try container.encodeIfPresent(max, forKey: .max)
        try container.encodeIfPresent(standardDeviation, forKey: .stdDev)
        try container.encode(kind, forKey: .kind)
    }
}
