import Foundation

/// One key-value as App Configuration lists it (`application/vnd.microsoft.appconfig.kvset+json`).
struct AppConfigurationKeyValue: Sendable, Decodable, Hashable {
    let key: String
    let label: String?
    let contentType: String?
    let value: String?
    let etag: String?

    enum CodingKeys: String, CodingKey {
        case key, label, value, etag
        case contentType = "content_type"
    }
}

/// One page of a key-value listing: `{"items": […], "@nextLink": "…"}`.
struct AppConfigurationKeyValuePage: Sendable, Decodable {
    let items: [AppConfigurationKeyValue]
    let nextLink: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextLink = "@nextLink"
    }
}

/// An `application/problem+json` error body (RFC 7807), as App Configuration sends it.
struct AppConfigurationProblem: Sendable, Decodable {
    let type: String?
    let title: String?
    let name: String?
    let detail: String?
    let status: Int?
}
