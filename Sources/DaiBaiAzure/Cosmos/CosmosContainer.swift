import DaiBaiCore
import Foundation
import HTTPTypes

/// The documents of one container, each call scoped to one logical partition.
///
/// Every call sends `x-ms-documentdb-partitionkey: ["<value>"]`, so it can only see and change
/// documents of that partition. Documents are any `Codable` value with an `id` property;
/// the service's system properties (`_rid`, `_etag`, `_ts`, …) are ignored when decoding.
public struct CosmosContainer: Sendable {
    /// The client that sends the requests.
    public let client: CosmosClient
    /// The database id.
    public let database: String
    /// The container id.
    public let name: String

    /// `dbs/<database>/colls/<name>`, as signed.
    var link: String { "dbs/\(database)/colls/\(name)" }
    /// `/dbs/<database>/colls/<name>`, percent-encoded.
    var path: String { "/dbs/\(CosmosPath.encode(database))/colls/\(CosmosPath.encode(name))" }

    /// Creates a handle; nothing is sent.
    public init(client: CosmosClient, database: String, name: String) {
        self.client = client
        self.database = database
        self.name = name
    }

    /// Creates `document` (`POST …/docs`); throws ``CosmosError/conflict(_:)`` when its id exists in the partition.
    public func create<Document: Codable & Sendable>(_ document: Document, partitionKey: String) async throws(CosmosError) -> CosmosItemResponse<Document> {
        try await write(document, partitionKey: partitionKey, upsert: false)
    }

    /// Creates or replaces `document` (`POST …/docs` with `x-ms-documentdb-is-upsert: True`).
    public func upsert<Document: Codable & Sendable>(_ document: Document, partitionKey: String) async throws(CosmosError) -> CosmosItemResponse<Document> {
        try await write(document, partitionKey: partitionKey, upsert: true)
    }

    /// Reads the document `id` of the partition; throws ``CosmosError/notFound(_:)`` when there is none.
    public func read<Document: Codable & Sendable>(_ type: Document.Type = Document.self, id: String, partitionKey: String) async throws(CosmosError) -> CosmosItemResponse<Document> {
        try CosmosPath.validate(id: id)
        let response = try await client.execute(CosmosRequest(
            operation: "read document '\(id)' in \(link)", method: .get, resourceType: "docs",
            resourceLink: "\(link)/docs/\(id)", path: "\(path)/docs/\(CosmosPath.encode(id))",
            headers: try partitionHeaders(partitionKey), sessionScope: link, sendsSessionToken: true))
        return CosmosItemResponse(
            document: try decode(Document.self, from: response.body, operation: "read document '\(id)' in \(link)"),
            etag: response.etag, requestCharge: response.requestCharge)
    }

    /// Replaces the document `id` with `document` (`PUT`); with `ifMatch`, only if its etag is
    /// still that one (else ``CosmosError/preconditionFailed(_:)``).
    public func replace<Document: Codable & Sendable>(_ document: Document, id: String, partitionKey: String, ifMatch etag: String? = nil) async throws(CosmosError) -> CosmosItemResponse<Document> {
        try CosmosPath.validate(id: id)
        let operation = "replace document '\(id)' in \(link)"
        var headers = try partitionHeaders(partitionKey)
        headers[.contentType] = "application/json"
        if let etag { headers[.ifMatch] = etag }
        let response = try await client.execute(CosmosRequest(
            operation: operation, method: .put, resourceType: "docs",
            resourceLink: "\(link)/docs/\(id)", path: "\(path)/docs/\(CosmosPath.encode(id))",
            headers: headers, body: try encode(document, operation: operation), sessionScope: link))
        return CosmosItemResponse(
            document: try decode(Document.self, from: response.body, operation: operation),
            etag: response.etag, requestCharge: response.requestCharge)
    }

    /// Deletes the document `id` (`DELETE`); with `ifMatch`, only if its etag is still that one.
    public func delete(id: String, partitionKey: String, ifMatch etag: String? = nil) async throws(CosmosError) {
        try CosmosPath.validate(id: id)
        var headers = try partitionHeaders(partitionKey)
        if let etag { headers[.ifMatch] = etag }
        _ = try await client.execute(CosmosRequest(
            operation: "delete document '\(id)' in \(link)", method: .delete, resourceType: "docs",
            resourceLink: "\(link)/docs/\(id)", path: "\(path)/docs/\(CosmosPath.encode(id))",
            headers: headers, sessionScope: link))
    }

    /// One page of `query` over the partition (`POST …/docs` with `x-ms-documentdb-isquery: True`).
    /// - Parameters:
    ///   - maxItemCount: The most documents in the page (`x-ms-max-item-count`); the service's default when `nil`.
    ///   - continuation: The previous page's ``CosmosQueryPage/continuation``; `nil` for the first page.
    public func queryPage<Document: Decodable & Sendable>(
        _ query: CosmosQuery, partitionKey: String, as type: Document.Type = Document.self,
        maxItemCount: Int? = nil, continuation: String? = nil
    ) async throws(CosmosError) -> CosmosQueryPage<Document> {
        let operation = "query documents in \(link)"
        var headers = try partitionHeaders(partitionKey)
        headers[CosmosHeaderName.isQuery] = "True"
        headers[.contentType] = "application/query+json"
        if let maxItemCount {
            guard maxItemCount > 0 || maxItemCount == -1 else {
                throw .invalidArgument("maxItemCount must be positive (or -1 for the service's dynamic page size), got \(maxItemCount)")
            }
            headers[CosmosHeaderName.maxItemCount] = String(maxItemCount)
        }
        if let continuation { headers[CosmosHeaderName.continuation] = continuation }
        let response = try await client.execute(CosmosRequest(
            operation: operation, method: .post, resourceType: "docs", resourceLink: link, path: "\(path)/docs",
            headers: headers, body: try encode(query, operation: operation), sessionScope: link, sendsSessionToken: true))
        let body = try decode(CosmosQueryResponseBody<Document>.self, from: response.body, operation: operation)
        return CosmosQueryPage(documents: body.documents, continuation: response.continuation, requestCharge: response.requestCharge)
    }

    /// Every result of `query` over the partition, following continuations page by page.
    public func query<Document: Decodable & Sendable>(
        _ query: CosmosQuery, partitionKey: String, as type: Document.Type = Document.self, maxItemCount: Int? = nil
    ) async throws(CosmosError) -> [Document] {
        var documents: [Document] = []
        var continuation: String?
        repeat {
            if Task.isCancelled { throw .cancelled }
            let page = try await queryPage(query, partitionKey: partitionKey, as: Document.self, maxItemCount: maxItemCount, continuation: continuation)
            documents.append(contentsOf: page.documents)
            continuation = page.continuation
        } while continuation != nil
        return documents
    }

    // MARK: - Helpers

    private func write<Document: Codable & Sendable>(_ document: Document, partitionKey: String, upsert: Bool) async throws(CosmosError) -> CosmosItemResponse<Document> {
        let operation = "\(upsert ? "upsert" : "create") document in \(link)"
        var headers = try partitionHeaders(partitionKey)
        headers[.contentType] = "application/json"
        if upsert { headers[CosmosHeaderName.isUpsert] = "True" }
        let response = try await client.execute(CosmosRequest(
            operation: operation, method: .post, resourceType: "docs", resourceLink: link, path: "\(path)/docs",
            headers: headers, body: try encode(document, operation: operation), sessionScope: link))
        return CosmosItemResponse(
            document: try decode(Document.self, from: response.body, operation: operation),
            etag: response.etag, requestCharge: response.requestCharge)
    }

    private func partitionHeaders(_ partitionKey: String) throws(CosmosError) -> HTTPFields {
        var fields = HTTPFields()
        fields[CosmosHeaderName.partitionKey] = CosmosPartitionKey.header(partitionKey)
        return fields
    }

    private func encode(_ value: some Encodable, operation: String) throws(CosmosError) -> [UInt8] {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Array(try encoder.encode(value))
        } catch {
            throw .invalidArgument("\(operation): the document cannot be encoded as JSON (\(type(of: error)))")
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, from body: [UInt8], operation: String) throws(CosmosError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw .decoding(operation: operation, message: "the body does not decode as \(T.self) (\(CosmosPath.describe(error)))")
        }
    }
}

/// The body of a query response, per the Cosmos DB REST API reference "Query Documents":
/// `{"_rid": …, "Documents": [...], "_count": n}`.
struct CosmosQueryResponseBody<Document: Decodable>: Decodable {
    var documents: [Document]

    enum CodingKeys: String, CodingKey {
        case documents = "Documents"
    }
}
