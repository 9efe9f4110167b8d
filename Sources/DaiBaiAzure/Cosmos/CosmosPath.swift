import Foundation

/// Resource ids in URL paths, and the rules the service sets for them.
enum CosmosPath {
    /// Cosmos DB ids are at most 255 characters and cannot contain `/`, `\`, `?` or `#`.
    static func validate(id: String) throws(CosmosError) {
        guard !id.isEmpty, id.count <= 255,
            !id.contains(where: { $0 == "/" || $0 == "\\" || $0 == "?" || $0 == "#" || $0.isNewline })
        else {
            throw .invalidArgument("a Cosmos DB id must be 1-255 characters without '/', '\\', '?', '#' or line breaks (got \(id.count) characters)")
        }
    }

    /// `segment` percent-encoded for a URL path (everything except unreserved characters).
    static func encode(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: unreserved) ?? segment
    }

    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    /// A short description of a decoding error (the path and the problem, no values).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(type(of: error))" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)' at '\(path(context))'"
        case .typeMismatch(_, let context): return "wrong type at '\(path(context))'"
        case .valueNotFound(_, let context): return "null at '\(path(context))'"
        case .dataCorrupted(let context): return "invalid JSON at '\(path(context))'"
        @unknown default: return "invalid JSON"
        }
    }
}

/// The `x-ms-documentdb-partitionkey` header: a JSON array holding the one key value.
enum CosmosPartitionKey {
    /// `["value"]`, with `"`, `\`, control and non-ASCII characters escaped so the header stays ASCII.
    static func header(_ value: String) -> String {
        var json = "[\""
        for unit in value.utf16 {
            switch unit {
            case 0x22: json += "\\\""
            case 0x5C: json += "\\\\"
            case 0x20..<0x7F: json.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default: json += String(format: "\\u%04x", unit)
            }
        }
        return json + "\"]"
    }
}
