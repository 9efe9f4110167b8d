/// The `data` of an envelope: `{"baseType": "RequestData", "baseData": {…}}`, one case per type.
public enum ApplicationInsightsTelemetryData: Sendable, Equatable, Codable {
    /// A served request (`RequestData`).
    case request(ApplicationInsightsRequestData)
    /// An outgoing call or an in-process step (`RemoteDependencyData`).
    case remoteDependency(ApplicationInsightsRemoteDependencyData)
    /// An error (`ExceptionData`).
    case exception(ApplicationInsightsExceptionData)
    /// A log line (`MessageData`).
    case message(ApplicationInsightsMessageData)
    /// A custom event (`EventData`).
    case event(ApplicationInsightsEventData)
    /// Metric values (`MetricData`).
    case metric(ApplicationInsightsMetricData)

    /// The `baseType`: `RequestData`, `RemoteDependencyData`, `ExceptionData`, `MessageData`,
    /// `EventData` or `MetricData`.
    public var baseType: String {
        switch self {
        case .request: "RequestData"
        case .remoteDependency: "RemoteDependencyData"
        case .exception: "ExceptionData"
        case .message: "MessageData"
        case .event: "EventData"
        case .metric: "MetricData"
        }
    }

    /// The envelope `name` for this type: `Microsoft.ApplicationInsights.Request`,
    /// `.RemoteDependency`, `.Exception`, `.Message`, `.Event` or `.Metric`.
    public var envelopeName: String {
        switch self {
        case .request: "Microsoft.ApplicationInsights.Request"
        case .remoteDependency: "Microsoft.ApplicationInsights.RemoteDependency"
        case .exception: "Microsoft.ApplicationInsights.Exception"
        case .message: "Microsoft.ApplicationInsights.Message"
        case .event: "Microsoft.ApplicationInsights.Event"
        case .metric: "Microsoft.ApplicationInsights.Metric"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case baseType, baseData
    }

    /// Decodes `{"baseType", "baseData"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let baseType = try container.decode(String.self, forKey: .baseType)
        switch baseType {
        case "RequestData": self = .request(try container.decode(ApplicationInsightsRequestData.self, forKey: .baseData))
        case "RemoteDependencyData":
            self = .remoteDependency(try container.decode(ApplicationInsightsRemoteDependencyData.self, forKey: .baseData))
        case "ExceptionData": self = .exception(try container.decode(ApplicationInsightsExceptionData.self, forKey: .baseData))
        case "MessageData": self = .message(try container.decode(ApplicationInsightsMessageData.self, forKey: .baseData))
        case "EventData": self = .event(try container.decode(ApplicationInsightsEventData.self, forKey: .baseData))
        case "MetricData": self = .metric(try container.decode(ApplicationInsightsMetricData.self, forKey: .baseData))
        default:
            throw DecodingError.dataCorruptedError(forKey: .baseType, in: container, debugDescription: "Unsupported baseType \(baseType)")
        }
    }

    /// Encodes `{"baseType", "baseData"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(baseType, forKey: .baseType)
        switch self {
        case .request(let data): try container.encode(data, forKey: .baseData)
        case .remoteDependency(let data): try container.encode(data, forKey: .baseData)
        case .exception(let data): try container.encode(data, forKey: .baseData)
        case .message(let data): try container.encode(data, forKey: .baseData)
        case .event(let data): try container.encode(data, forKey: .baseData)
        case .metric(let data): try container.encode(data, forKey: .baseData)
        }
    }
}
