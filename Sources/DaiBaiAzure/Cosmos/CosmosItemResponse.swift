/// A document as the service returned it, with its concurrency token.
public struct CosmosItemResponse<Document: Sendable>: Sendable {
    /// The document.
    public var document: Document
    /// The `etag` to send as `If-Match` on a later replace or delete.
    public var etag: String?
    /// The request units the call cost (`x-ms-request-charge`).
    public var requestCharge: Double?

    /// Creates a response value.
    public init(document: Document, etag: String?, requestCharge: Double?) {
        self.document = document
        self.etag = etag
        self.requestCharge = requestCharge
    }
}

/// One page of query results.
public struct CosmosQueryPage<Document: Sendable>: Sendable {
    /// The documents of this page.
    public var documents: [Document]
    /// The token for the next page (`x-ms-continuation`), or `nil` on the last page.
    public var continuation: String?
    /// The request units the page cost.
    public var requestCharge: Double?

    /// Creates a page.
    public init(documents: [Document], continuation: String?, requestCharge: Double?) {
        self.documents = documents
        self.continuation = continuation
        self.requestCharge = requestCharge
    }
}
