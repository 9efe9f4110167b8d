/// What the Functions host POSTs to `/<FunctionName>` for a non-HTTP trigger (here the
/// `MeterDrain` timer): trigger and input binding data in `Data`, trigger metadata (including
/// `sys.MethodName`, `sys.UtcNow`, `sys.RandGuid`) in `Metadata`.
///
/// Wire format: <https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#request-payload>.
/// A missing `Data` or `Metadata` decodes as an empty object.
public struct FunctionsInvocationRequest: Sendable, Codable {
    /// Trigger and input binding values, keyed by binding name (for a timer trigger named
    /// `timer`: `Data.timer` with `Schedule`, `ScheduleStatus`, `IsPastDue`).
    public var data: [String: FunctionsJSON]
    /// Metadata of the event source, keyed as the host sends it (`sys` among them).
    public var metadata: [String: FunctionsJSON]

    /// A request with the given data and metadata.
    public init(data: [String: FunctionsJSON] = [:], metadata: [String: FunctionsJSON] = [:]) {
        self.data = data
        self.metadata = metadata
    }

    /// The function the host invokes (`Metadata.sys.MethodName`), when present.
    public var methodName: String? { metadata["sys"]?["MethodName"]?.stringValue }

    enum CodingKeys: String, CodingKey {
        case data = "Data"
        case metadata = "Metadata"
    }

    /// Decodes the host's payload; absent members are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        data = try container.decodeIfPresent([String: FunctionsJSON].self, forKey: .data) ?? [:]
        metadata = try container.decodeIfPresent([String: FunctionsJSON].self, forKey: .metadata) ?? [:]
    }

    /// Encodes `Data` and `Metadata`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(metadata, forKey: .metadata)
    }
}
