/// `RemoteDependencyData`: one call the application made (HTTP, SQL, a queue) or an in-process step.
///
/// Wire form (`baseData`): `ver`, `id`, `name`, `duration`, `success`, `type`, `resultCode`, and
/// when set `target`, `data`, `properties`, `measurements`.
public struct ApplicationInsightsRemoteDependencyData: Sendable, Equatable, Codable {
    /// The call's id (the span id).
    public var id: String
    /// A low-cardinality name of the command, for example `SELECT shop` or `GET /v1/models`.
    public var name: String
    /// How long the call took.
    public var duration: Duration
    /// Whether it succeeded.
    public var success: Bool
    /// The kind of dependency: `HTTP`, a database system (`postgresql`), `InProc`, …
    public var type: String
    /// The result: an HTTP status code, a database error code, or `"0"`.
    public var resultCode: String
    /// The server called, for example `db.example.com:5432`.
    public var target: String?
    /// The command, for example the URL called.
    public var data: String?
    /// Custom properties.
    public var properties: [String: String]
    /// Custom measurements.
    public var measurements: [String: Double]

    /// Creates dependency data.
    public init(
        id: String, name: String, duration: Duration, success: Bool, type: String, resultCode: String,
        target: String? = nil, data: String? = nil, properties: [String: String] = [:], measurements: [String: Double] = [:]
    ) {
        self.id = id
        self.name = name
        self.duration = duration
        self.success = success
        self.type = type
        self.resultCode = resultCode
        self.target = target
        self.data = data
        self.properties = properties
        self.measurements = measurements
    }

    private enum CodingKeys: String, CodingKey {
        case ver, id, name, duration, success, type, resultCode, target, data, properties, measurements
    }

    /// Decodes the `baseData` object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ApplicationInsightsSchemaVersion.check(container, key: .ver)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
        name = try container.decode(String.self, forKey: .name)
        duration = try container.decodeApplicationInsightsDuration(forKey: .duration)
        success = try container.decodeIfPresent(Bool.self, forKey: .success) ?? true
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? ""
        resultCode = try container.decodeIfPresent(String.self, forKey: .resultCode) ?? ""
        target = try container.decodeIfPresent(String.self, forKey: .target)
        data = try container.decodeIfPresent(String.self, forKey: .data)
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
        try container.encode(type, forKey: .type)
        try container.encode(resultCode, forKey: .resultCode)
        try container.encodeIfPresent(target, forKey: .target)
        try container.encodeIfPresent(data, forKey: .data)
        try container.encodeIfNotEmpty(properties, forKey: .properties)
        try container.encodeIfNotEmpty(measurements, forKey: .measurements)
    }
}
