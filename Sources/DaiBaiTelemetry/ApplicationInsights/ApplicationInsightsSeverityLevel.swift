/// The severity of a message or an exception, as Application Insights grades it.
///
/// Encoded by name (`"Information"`), the form of the ingestion schema; the numbers 0–4 that
/// some SDKs send are accepted when decoding.
public enum ApplicationInsightsSeverityLevel: String, Sendable, Hashable, CaseIterable, Codable {
    /// Debugging detail (swift-log `trace` and `debug`).
    case verbose = "Verbose"
    /// Normal operation (`info`, `notice`).
    case information = "Information"
    /// Something unexpected that was handled (`warning`).
    case warning = "Warning"
    /// A failure of one operation (`error`).
    case error = "Error"
    /// A failure of the whole service (`critical`).
    case critical = "Critical"

    /// The schema's number for the level (Verbose 0 … Critical 4).
    public var number: Int {
        switch self {
        case .verbose: 0
        case .information: 1
        case .warning: 2
        case .error: 3
        case .critical: 4
        }
    }

    /// Decodes a level from its name (any case) or its number.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            guard let level = Self.allCases.first(where: { $0.number == number }) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "Unknown severity level \(number)")
            }
            self = level
            return
        }
        let name = try container.decode(String.self)
        guard let level = Self.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Unknown severity level \(name)")
        }
        self = level
    }

    /// Encodes the level by name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
