/// The `ver` every `baseData` carries: version 2 of the Application Insights data contracts.
enum ApplicationInsightsSchemaVersion {
    /// The value written.
    static let current = 2

    /// Reads `ver` if present and refuses any other version.
    static func check<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, key: Key) throws {
        if let version = try container.decodeIfPresent(Int.self, forKey: key), version != current {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "Unsupported schema version \(version)")
        }
    }
}

/// Encodes and decodes the `d.hh:mm:ss.fffffff` durations of the schema.
extension KeyedEncodingContainer {
    mutating func encodeApplicationInsightsDuration(_ duration: Duration, forKey key: Key) throws {
        try encode(ApplicationInsightsTimeFormat.duration(duration), forKey: key)
    }

    mutating func encodeIfNotEmpty<Value: Encodable & Collection>(_ value: Value?, forKey key: Key) throws {
        if let value, !value.isEmpty { try encode(value, forKey: key) }
    }
}

extension KeyedDecodingContainer {
    func decodeApplicationInsightsDuration(forKey key: Key) throws -> Duration {
        let text = try decode(String.self, forKey: key)
        guard let duration = ApplicationInsightsTimeFormat.duration(from: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "Not a d.hh:mm:ss.fffffff duration: \(text)")
        }
        return duration
    }
}
