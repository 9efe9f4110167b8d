import HTTPTypes

/// Header names App Configuration uses that swift-http-types does not predefine.
enum AppConfigurationHeader {
    static let date = "x-ms-date"
    static let contentSHA256 = "x-ms-content-sha256"
    static let syncToken = "Sync-Token"

    /// Sets the field `name` (a valid token, so the name always parses).
    static func set(_ name: String, _ value: String, in fields: inout HTTPFields) {
        if let field = HTTPField.Name(name) { fields[field] = value }
    }

    /// Every value of the field `name`.
    static func values(_ name: String, in fields: HTTPFields) -> [String] {
        guard let field = HTTPField.Name(name) else { return [] }
        return fields[values: field]
    }
}
