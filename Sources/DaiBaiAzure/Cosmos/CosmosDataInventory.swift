import DaiBaiCore
import Foundation
import Logging

/// A ``DataInventory`` in an Azure Cosmos DB container partitioned by `/tenantId`.
///
/// One document per server (`type` `dataServer`), in the caller's tenant's partition: every
/// request carries the tenant as partition key, so no call can reach another tenant's entries
/// (entries are shared by the users of a tenant, like ``SQLiteDataInventory``). Registering a
/// name again replaces the entry but keeps its creation time; the read-modify-write uses
/// `If-Match` (and create-if-absent), retried with Core's ``Retrier`` when another writer got
/// there first. Times are kept to the millisecond; entries are listed sorted by name.
/// The container can be the one ``CosmosChatStore`` uses.
public struct CosmosDataInventory: DataInventory {
    /// The container the inventory uses.
    public let container: CosmosContainer

    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let concurrency: CosmosStoreConcurrency

    static let listQuery = "SELECT * FROM c WHERE c.type = @type ORDER BY c.name ASC"

    /// Uses the container `container` of database `database`; nothing is sent until the first call.
    /// - Parameters:
    ///   - client: The account client.
    ///   - database: The database id.
    ///   - container: The container id (partition key path `/tenantId`).
    ///   - clock: The current time; inject a fixed clock for deterministic tests.
    ///   - concurrencyPolicy: How often, and for how long, a read-modify-write that lost a race
    ///     is tried again (``CosmosStoreConcurrency/policy`` by default).
    ///   - logger: Where diagnostics go; nothing is logged by default.
    public init(
        client: CosmosClient,
        database: String,
        container: String,
        clock: @escaping @Sendable () -> Date = { Date() },
        concurrencyPolicy: RetryPolicy = CosmosStoreConcurrency.policy,
        logger: Logger = Logger(label: "daibai.inventory.cosmos", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.container = client.container(database: database, name: container)
        self.clock = clock
        self.logger = logger
        self.concurrency = CosmosStoreConcurrency(policy: concurrencyPolicy, logger: logger)
    }

    /// Creates the database and the container (partition key `/tenantId`) when they do not exist yet.
    public static func provision(client: CosmosClient, database: String, container: String) async throws(CosmosError) {
        try await CosmosStoreContainer.provision(client: client, database: database, container: container)
    }

    // MARK: - DataInventory

    /// Registers `server` for the caller's tenant, replacing an entry of the same name
    /// (keeping its creation time). Throws ``DataInventoryError/invalidArgument(_:)`` for a bad name.
    @discardableResult
    public func register(_ server: DataServer, context: RequestContext) async throws(DataInventoryError) -> DataServerRecord {
        try DataInventoryRules.validateName(server.name)
        let now = CosmosStoreTime.milliseconds(clock())
        let partition = context.tenant.rawValue
        let stored: CosmosDataServerDocument
        do throws(CosmosStoreAttemptError) {
            stored = try await concurrency.run { () throws(CosmosStoreAttemptError) -> CosmosDataServerDocument in
                let existing = try await read(name: server.name, partition: partition)
                var document = CosmosDataServerDocument(
                    tenant: context.tenant, server: server,
                    createdAtMs: existing?.document.createdAtMs ?? now, updatedAtMs: now)
                do throws(CosmosError) {
                    if let existing {
                        document.id = existing.document.id
                        return try await container.replace(document, id: document.id, partitionKey: partition, ifMatch: existing.etag).document
                    }
                    return try await container.create(document, partitionKey: partition).document
                } catch .preconditionFailed {
                    throw .raced
                } catch .conflict {
                    throw .raced
                } catch .notFound {
                    throw .raced
                } catch {
                    throw .cosmos(error)
                }
            }
        } catch {
            throw Self.map(error, name: server.name, operation: "register data server")
        }
        return try stored.record()
    }

    /// The caller's tenant's entry `name`, or `nil` (also for another tenant's).
    public func server(named name: String, context: RequestContext) async throws(DataInventoryError) -> DataServerRecord? {
        try DataInventoryRules.validateName(name)
        let document: CosmosDataServerDocument?
        do throws(CosmosStoreAttemptError) {
            document = try await read(name: name, partition: context.tenant.rawValue)?.document
        } catch {
            throw Self.map(error, name: name, operation: "read data server")
        }
        return try document?.record()
    }

    /// The caller's tenant's entries, sorted by name.
    public func servers(context: RequestContext) async throws(DataInventoryError) -> [DataServerRecord] {
        let query = CosmosQuery(Self.listQuery, ["@type": .string(CosmosDataServerDocument.type)])
        let documents: [CosmosDataServerDocument]
        do throws(CosmosError) {
            documents = try await container.query(query, partitionKey: context.tenant.rawValue, as: CosmosDataServerDocument.self)
        } catch {
            throw .backend("list data servers failed: \(error)")
        }
        var records: [DataServerRecord] = []
        // Sorted here too, by UTF-8 bytes like the SQLite inventory, whatever collation the service uses.
        for document in documents.sorted(by: { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }) {
            records.append(try document.record())
        }
        return records
    }

    /// Removes the caller's tenant's entry `name`; throws ``DataInventoryError/notFound(name:)`` when there is none.
    public func remove(named name: String, context: RequestContext) async throws(DataInventoryError) {
        try DataInventoryRules.validateName(name)
        do throws(CosmosError) {
            try await container.delete(id: CosmosDataServerDocument.documentID(name), partitionKey: context.tenant.rawValue)
        } catch .notFound {
            throw .notFound(name: name)
        } catch {
            throw .backend("remove data server failed: \(error)")
        }
    }

    // MARK: - Helpers

    private func read(name: String, partition: String) async throws(CosmosStoreAttemptError) -> CosmosItemResponse<CosmosDataServerDocument>? {
        do throws(CosmosError) {
            let response = try await container.read(
                CosmosDataServerDocument.self, id: CosmosDataServerDocument.documentID(name), partitionKey: partition)
            return response.document.tenantId == partition ? response : nil
        } catch .notFound {
            return nil
        } catch {
            throw .cosmos(error)
        }
    }

    private static func map(_ error: CosmosStoreAttemptError, name: String, operation: String) -> DataInventoryError {
        switch error {
        case .missing: .notFound(name: name)
        case .raced: .backend("\(operation) failed: the entry kept changing concurrently; try again")
        case .cosmos(let error): .backend("\(operation) failed: \(error)")
        }
    }
}
