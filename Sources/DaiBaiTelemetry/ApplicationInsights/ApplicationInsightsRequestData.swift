/// `RequestData`: one request the application served (an HTTP request, a queue message handled).
///
/// Wire form (`baseData`): `ver`, `id`, `name`, `duration` (`d.hh:mm:ss.fffffff`), `success`,
/// `responseCode`, and when set `source`, `url`, `properties`, `measurements`.
public struct ApplicationInsightsRequestData: Sendable, Equatable, Codable {
    /// The request's id (the span id), which other telemetry names as its parent.
    public var id: String
    /// A low-cardinality name of the code path, for example `GET /items/{id}`.
    public var name: String
    /// How long the request took.
    public var duration: Duration
    /// Whether it succeeded.
    public var success: Bool
    /// The result: an HTTP status code, or `"0"` when there is none.
    public var responseCode: String
    /// Where the request came from, if known.
    public var source: String?
    /// The request URL, if any.
    public var url: String?
    /// Custom properties.
    public var properties: [String: String]
    /// Custom measurements.
    public var measurements: [String: Double]

    /// Creates request data.
    public init(
        id: String, name: String, duration: Duration, success: Bool, responseCode: String,
        source: String? = nil, url: String? = nil, properties: [String: String] = [:], measurements: [String: Double] = [:]
    ) {
        self.id = id
        self.name = name
        self.duration = duration
        self.success = success
        self.responseCode = responseCode
        self.source = source
        self.url = url
        self.properties = properties
        self.measurements = measurements
    }

    private enum CodingKeys: String, CodingKey {
        case ver, id, name, duration, success, responseCode, source, url, properties, measurements
    }

    /// Decodes the `baseData` object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ApplicationInsightsSchemaVersion.check(container, key: .ver)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        duration = try container.decodeApplicationInsightsDuration(forKey: .duration)
        success = try container.decode(Bool.self, forKey: .success)
        responseCode = try container.decode(String.self, forKey: .responseCode)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        properties = try container.decodeIfPresent([String: String].self, forKey: .properties) ?? [:]
        measurements = try container.decodeIfPresent([String: Double].self, forKey: .measurements) ?? [:]
    }

    /// Encodes the `baseData` object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ApplicationInsightsSchemaVersion.current, forKey: .ver)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encodeApplicationInsightsDuration(duration, forKey: .duration)
        try container.encode(success, forKey: .success)
        try container.encode(responseCode, forKey: .responseCode)
        try container.encodeIfPresent(source, forKey: .source)
        try container.encodeIfPresent(url, forKey: .url)
        try container.encodeIfNotEmpty(properties, forKey: .properties)
        try container.encodeIfNotEmpty(measurements, forKey: .measurements)
    }
}
