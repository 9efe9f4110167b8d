import DaiBaiCore
import Foundation
import Logging

/// A ``WrappedKeyStore`` in an Azure Cosmos DB container partitioned by `/tenantId`: the
/// encrypted provider keys of ``EnvelopeUserKeyVault`` (bring your own key).
///
/// One document per (user, provider), `type` `wrappedKey`, with id `wrappedKey_<user>_<provider>`
/// in the tenant's partition. Every request carries the caller's tenant as partition key, so no
/// call reaches another tenant's entries; reads and listings also check the stored tenant and
/// user, so an entry is never returned to another user. The documents hold ciphertext only
/// (the AES-GCM box and the wrapped data key, base64).
///
/// ``save(_:expectedVersion:context:)`` is a compare-and-set: with `expectedVersion` `nil` it
/// creates the document (the service refuses an existing id with 409), otherwise it reads the
/// document and replaces it with `If-Match` on the etag it read, only if the stored version is
/// the expected one; any other outcome is ``WrappedKeyStoreError/conflict(provider:)``, so of
/// two concurrent writers with the same expectation exactly one wins. Times are kept to the
/// millisecond. The container can be the one ``CosmosChatStore`` uses.
public struct CosmosWrappedKeyStore: WrappedKeyStore {
    /// The container the store uses.
    public let container: CosmosContainer

    private let logger: Logger

    static let userRecordsQuery = "SELECT * FROM c WHERE c.type = @type AND c.userId = @userId"
    static let tenantRecordsQuery = "SELECT * FROM c WHERE c.type = @type"

    /// Uses the container `container` of database `database`; nothing is sent until the first call.
    /// - Parameters:
    ///   - client: The account client.
    ///   - database: The database id.
    ///   - container: The container id (partition key path `/tenantId`).
    ///   - logger: Where diagnostics go (ids and versions, never key material); nothing is logged by default.
    public init(
        client: CosmosClient,
        database: String,
        container: String,
        logger: Logger = Logger(label: "daibai.byok.cosmos", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.container = client.container(database: database, name: container)
        self.logger = logger
    }

    /// The indexing policy of a container created by ``provision(client:database:container:)``:
    /// that of the other Cosmos stores, without indexes on the ciphertext.
    static let indexingPolicy = CosmosIndexingPolicy(
        excludedPaths: CosmosStoreContainer.indexingPolicy.excludedPaths + ["/sealedKey/?", "/wrappedDataKey/*", "/lastFour/?"],
        compositeIndexes: CosmosStoreContainer.indexingPolicy.compositeIndexes)

    /// Creates the database and the container (partition key `/tenantId`) when they do not
    /// exist yet; an existing container is left as it is.
    public static func provision(client: CosmosClient, database: String, container: String) async throws(CosmosError) {
        try await client.createDatabaseIfNeeded(id: database)
        try await client.createContainerIfNeeded(
            database: database, id: container, partitionKeyPath: CosmosStoreContainer.partitionKeyPath, indexingPolicy: indexingPolicy)
    }

    // MARK: - WrappedKeyStore

    /// The caller's entry for `provider`, or `nil` (also for a name that is not a provider name).
    ///
    /// - Throws: ``WrappedKeyStoreError/corrupt(_:)`` when the document at the caller's id names
    ///   another owner or does not decode; ``WrappedKeyStoreError/unavailable(_:)`` when Cosmos DB fails.
    public func record(provider: String, context: RequestContext) async throws(WrappedKeyStoreError) -> WrappedKeyRecord? {
        guard ProviderKeyShape.isValidProviderName(provider) else { return nil }
        guard let current = try await read(provider: provider, context: context, operation: "read \(provider) key") else { return nil }
        guard current.document.isOwned(by: context.tenant, user: context.user), current.document.provider == provider else {
            logger.warning(
                "A key entry names another owner than the id it is stored under; not returned",
                metadata: ["id": "\(current.document.id)", "tenant": "\(context.tenant)"])
            throw .corrupt("the \(provider) key entry stored for this user names another owner; it was not returned. Delete it and store the key again")
        }
        return try current.document.record()
    }

    /// Writes `record` (whose tenant and user must be `context`'s) if the stored entry still
    /// has `expectedVersion` (`nil`: there must be none).
    ///
    /// - Throws: ``WrappedKeyStoreError/conflict(provider:)`` when the stored entry is not at
    ///   `expectedVersion` or changed meanwhile; ``WrappedKeyStoreError/unavailable(_:)`` for a
    ///   record of another tenant or user, a provider name that is not `[a-z0-9-]`, 1-64
    ///   characters, or when Cosmos DB fails.
    public func save(_ record: WrappedKeyRecord, expectedVersion: Int?, context: RequestContext) async throws(WrappedKeyStoreError) {
        let provider = record.provider
        guard record.tenant == context.tenant, record.user == context.user else {
            throw .unavailable("a record of \(record.tenant)/\(record.user) cannot be saved for \(context.tenant)/\(context.user)")
        }
        guard ProviderKeyShape.isValidProviderName(provider) else {
            throw .unavailable("a key cannot be stored for '\(provider)': a provider name is 1-64 characters of a-z, 0-9 or '-'")
        }
        let partition = context.tenant.rawValue
        let document = CosmosWrappedKeyDocument(record: record, tenant: context.tenant, user: context.user)
        let operation = "save \(provider) key"
        guard let expectedVersion else {
            do throws(CosmosError) {
                _ = try await container.create(document, partitionKey: partition)
                return
            } catch .conflict {
                throw .conflict(provider: provider)
            } catch {
                throw Self.map(error, operation: operation)
            }
        }
        guard let current = try await read(provider: provider, context: context, operation: operation),
              current.document.keyVersion == expectedVersion
        else {
            throw .conflict(provider: provider)
        }
        guard let etag = current.etag else {
            throw .unavailable("\(operation) failed: Cosmos DB returned the entry without an etag, so it cannot be replaced safely")
        }
        do throws(CosmosError) {
            _ = try await container.replace(document, id: document.id, partitionKey: partition, ifMatch: etag)
        } catch .preconditionFailed {
            throw .conflict(provider: provider)
        } catch .notFound {
            throw .conflict(provider: provider)
        } catch {
            throw Self.map(error, operation: operation)
        }
    }

    /// Deletes the caller's entry for `provider`; returns whether there was one.
    @discardableResult
    public func delete(provider: String, context: RequestContext) async throws(WrappedKeyStoreError) -> Bool {
        guard ProviderKeyShape.isValidProviderName(provider) else { return false }
        do throws(CosmosError) {
            try await container.delete(
                id: CosmosWrappedKeyDocument.documentID(user: context.user, provider: provider), partitionKey: context.tenant.rawValue)
            return true
        } catch .notFound {
            return false
        } catch {
            throw Self.map(error, operation: "delete \(provider) key")
        }
    }

    /// The caller's entries, sorted by provider.
    public func records(context: RequestContext) async throws(WrappedKeyStoreError) -> [WrappedKeyRecord] {
        let query = CosmosQuery(Self.userRecordsQuery, [
            "@type": .string(CosmosWrappedKeyDocument.type), "@userId": .string(context.user.rawValue),
        ])
        let documents = try await run(query, context: context, operation: "list keys")
        var records: [WrappedKeyRecord] = []
        for document in documents where owned(document, tenant: context.tenant, user: context.user) {
            records.append(try document.record())
        }
        return records.sorted { $0.provider < $1.provider }
    }

    /// Every entry of the caller's tenant (all its users), sorted by user, then provider.
    public func tenantRecords(context: RequestContext) async throws(WrappedKeyStoreError) -> [WrappedKeyRecord] {
        let query = CosmosQuery(Self.tenantRecordsQuery, ["@type": .string(CosmosWrappedKeyDocument.type)])
        let documents = try await run(query, context: context, operation: "list the tenant's keys")
        var records: [WrappedKeyRecord] = []
        for document in documents {
            guard let user = UserID(rawValue: document.userId) else {
                logger.warning("A key entry has an invalid user id; skipped", metadata: ["id": "\(document.id)"])
                continue
            }
            guard owned(document, tenant: context.tenant, user: user) else { continue }
            records.append(try document.record())
        }
        return records.sorted { ($0.user.rawValue, $0.provider) < ($1.user.rawValue, $1.provider) }
    }

    // MARK: - Helpers

    /// The document at the caller's id for `provider` and its etag, or `nil` when there is none.
    private func read(provider: String, context: RequestContext, operation: String) async throws(WrappedKeyStoreError) -> CosmosItemResponse<CosmosWrappedKeyDocument>? {
        do throws(CosmosError) {
            return try await container.read(
                CosmosWrappedKeyDocument.self, id: CosmosWrappedKeyDocument.documentID(user: context.user, provider: provider),
                partitionKey: context.tenant.rawValue)
        } catch .notFound {
            return nil
        } catch {
            throw Self.map(error, operation: operation)
        }
    }

    private func run(_ query: CosmosQuery, context: RequestContext, operation: String) async throws(WrappedKeyStoreError) -> [CosmosWrappedKeyDocument] {
        do throws(CosmosError) {
            return try await container.query(query, partitionKey: context.tenant.rawValue, as: CosmosWrappedKeyDocument.self)
        } catch {
            throw Self.map(error, operation: operation)
        }
    }

    /// Whether `document` is `user`'s entry of `tenant`; misplaced entries are logged and skipped.
    private func owned(_ document: CosmosWrappedKeyDocument, tenant: TenantID, user: UserID) -> Bool {
        guard document.tenantId == tenant.rawValue, document.userId == user.rawValue else { return false }
        guard document.isOwned(by: tenant, user: user) else {
            logger.warning("A key entry is stored under another id than its owner's; skipped", metadata: ["id": "\(document.id)"])
            return false
        }
        return true
    }

    private static func map(_ error: CosmosError, operation: String) -> WrappedKeyStoreError {
        var text = "\(operation) failed: \(error)"
        while text.hasSuffix(".") { text.removeLast() }
        if case .decoding = error { return .corrupt(text) }
        return .unavailable(text)
    }
}
