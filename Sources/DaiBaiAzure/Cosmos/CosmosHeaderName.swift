import HTTPTypes

/// The Cosmos DB REST header names this module sends and reads.
enum CosmosHeaderName {
    static let date = make("x-ms-date")
    static let version = make("x-ms-version")
    static let partitionKey = make("x-ms-documentdb-partitionkey")
    static let isUpsert = make("x-ms-documentdb-is-upsert")
    static let isQuery = make("x-ms-documentdb-isquery")
    static let maxItemCount = make("x-ms-max-item-count")
    static let continuation = make("x-ms-continuation")
    static let sessionToken = make("x-ms-session-token")
    static let requestCharge = make("x-ms-request-charge")
    static let retryAfterMs = make("x-ms-retry-after-ms")
    static let consistencyLevel = make("x-ms-consistency-level")

    /// The names above are valid tokens, so the fallback is never taken.
    private static func make(_ name: String) -> HTTPField.Name {
        HTTPField.Name(name) ?? .via
    }
}
