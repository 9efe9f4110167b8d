/// What a custom handler answers to an invocation: output binding values in `Outputs`, lines
/// for the invocation log in `Logs` (Application Insights in Azure), and the `$return` binding's
/// value in `ReturnValue`.
///
/// Wire format: <https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#response-payload>.
/// `Logs: null` (as in the documentation's Go example) decodes as no logs; a `nil`
/// ``returnValue`` is written as `"ReturnValue": null`.
public struct FunctionsInvocationResponse: Sendable, Codable {
    /// Output binding values, keyed by binding name.
    public var outputs: [String: FunctionsJSON]
    /// Messages for the Functions invocation log. Never put secrets here.
    public var logs: [String]
    /// The value of the `$return` output binding, if the function has one.
    public var returnValue: FunctionsJSON?

    /// A response with the given outputs, log lines and return value.
    public init(outputs: [String: FunctionsJSON] = [:], logs: [String] = [], returnValue: FunctionsJSON? = nil) {
        self.outputs = outputs
        self.logs = logs
        self.returnValue = returnValue
    }

    enum CodingKeys: String, CodingKey {
        case outputs = "Outputs"
        case logs = "Logs"
        case returnValue = "ReturnValue"
    }

    /// Decodes a handler's answer; absent or `null` members are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        outputs = try container.decodeIfPresent([String: FunctionsJSON].self, forKey: .outputs) ?? [:]
        logs = try container.decodeIfPresent([String].self, forKey: .logs) ?? []
        let returned = try container.decodeIfPresent(FunctionsJSON.self, forKey: .returnValue)
        returnValue = returned == .null ? nil : returned
    }

    /// Encodes `Outputs`, `Logs` and `ReturnValue` (`null` when there is none).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(outputs, forKey: .outputs)
        try container.encode(logs, forKey: .logs)
        try container.encode(returnValue ?? .null, forKey: .returnValue)
    }
}
