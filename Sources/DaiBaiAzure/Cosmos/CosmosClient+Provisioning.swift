import DaiBaiCore
import Foundation

extension CosmosClient {
    private struct DatabaseBody: Encodable {
        var id: String
    }

    private struct ContainerBody: Encodable {
        struct PartitionKey: Encodable {
            var paths: [String]
            var kind = "Hash"
            var version = 2
        }

        var id: String
        var partitionKey: PartitionKey
        var indexingPolicy: CosmosIndexingPolicy
    }

    /// Creates the database `id` (`POST /dbs`) unless it exists; returns whether it was created.
    @discardableResult
    public func createDatabaseIfNeeded(id: String) async throws(CosmosError) -> Bool {
        try CosmosPath.validate(id: id)
        return try await createIfNeeded(CosmosRequest(
            operation: "create database '\(id)'", method: .post, resourceType: "dbs", resourceLink: "",
            path: "/dbs", body: try Self.json(DatabaseBody(id: id))))
    }

    /// Creates the container `id` in `database` (`POST /dbs/{db}/colls`) unless it exists;
    /// returns whether it was created. An existing container is left as it is.
    /// - Parameters:
    ///   - partitionKeyPath: The partition key path; DaiBai's stores use `/tenantId`.
    ///   - indexingPolicy: The indexing policy of a new container.
    @discardableResult
    public func createContainerIfNeeded(
        database: String, id: String, partitionKeyPath: String = "/tenantId",
        indexingPolicy: CosmosIndexingPolicy = CosmosIndexingPolicy()
    ) async throws(CosmosError) -> Bool {
        try CosmosPath.validate(id: database)
        try CosmosPath.validate(id: id)
        guard partitionKeyPath.hasPrefix("/"), partitionKeyPath.count > 1 else {
            throw .invalidArgument("the partition key path must look like '/tenantId', got '\(partitionKeyPath)'")
        }
        let body = ContainerBody(id: id, partitionKey: .init(paths: [partitionKeyPath]), indexingPolicy: indexingPolicy)
        return try await createIfNeeded(CosmosRequest(
            operation: "create container '\(id)' in dbs/\(database)", method: .post, resourceType: "colls",
            resourceLink: "dbs/\(database)", path: "/dbs/\(CosmosPath.encode(database))/colls", body: try Self.json(body)))
    }

    private func createIfNeeded(_ request: CosmosRequest) async throws(CosmosError) -> Bool {
        var request = request
        request.headers[.contentType] = "application/json"
        do throws(CosmosError) {
            _ = try await execute(request)
            return true
        } catch .conflict {
            return false
        }
    }

    private static func json(_ value: some Encodable) throws(CosmosError) -> [UInt8] {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Array(try encoder.encode(value))
        } catch {
            throw .invalidArgument("the request body cannot be encoded as JSON (\(type(of: error)))")
        }
    }
}
