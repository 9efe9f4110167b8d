import Foundation

/// One telemetry item as the ingestion endpoint takes it.
///
/// Wire form: `{"name", "time", "iKey", "tags", "data": {"baseType", "baseData"}}`, with `time`
/// in UTC ISO 8601 with seven fractional digits (`2023-11-14T22:13:20.2500000Z`).
///
/// Producers leave ``instrumentationKey`` empty: ``ApplicationInsightsExporter`` writes its
/// resource's key, and its common tags, when it sends. The description never shows the key.
public struct ApplicationInsightsEnvelope: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The envelope name, for example `Microsoft.ApplicationInsights.Request`.
    public var name: String
    /// When the item happened (for requests and dependencies: when they started).
    public var time: Date
    /// The instrumentation key (`iKey`); set by the exporter.
    public var instrumentationKey: String
    /// Context tags (``ApplicationInsightsContextTag``).
    public var tags: [String: String]
    /// The typed payload.
    public var data: ApplicationInsightsTelemetryData

    /// Creates an envelope named after its data's type.
    public init(time: Date, tags: [String: String] = [:], data: ApplicationInsightsTelemetryData, instrumentationKey: String = "") {
        self.name = data.envelopeName
        self.time = time
        self.instrumentationKey = instrumentationKey
        self.tags = tags
        self.data = data
    }

    /// The name, type and time; never the key or the payload.
    public var description: String {
        "ApplicationInsightsEnvelope(\(name), \(ApplicationInsightsTimeFormat.timestamp(time)))"
    }

    private enum CodingKeys: String, CodingKey {
        case name, time, iKey, tags, data
    }

    /// Decodes an envelope.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        let text = try container.decode(String.self, forKey: .time)
        guard let time = ApplicationInsightsTimeFormat.date(fromTimestamp: text) else {
            throw DecodingError.dataCorruptedError(forKey: .time, in: container, debugDescription: "Not an ISO 8601 UTC time: \(text)")
        }
        self.time = time
        instrumentationKey = try container.decodeIfPresent(String.self, forKey: .iKey) ?? ""
        tags = try container.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
        data = try container.decode(ApplicationInsightsTelemetryData.self, forKey: .data)
    }

    /// Encodes an envelope.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(ApplicationInsightsTimeFormat.timestamp(time), forKey: .time)
        try container.encode(instrumentationKey, forKey: .iKey)
        try container.encodeIfNotEmpty(tags, forKey: .tags)
        try container.encode(data, forKey: .data)
    }
}
