import DaiBaiCore
import Foundation
import Logging

/// An ``AuditLog`` in an Azure Cosmos DB container partitioned by `/tenantId`.
///
/// One document per record, `type` `auditRecord`, id `audit_<record id>`, in the tenant's
/// partition; every request carries the caller's tenant as partition key, so no call reaches
/// another tenant's records. Appends only ever *create* documents: the service refuses an
/// existing id with 409, which the log answers by reading the stored document — the same record
/// means it was already recorded (success, so a retried append is idempotent), a different one
/// is ``AuditLogError/conflictingRecord(id:)``. Nothing here replaces or deletes a document;
/// to make that true for the account as well, give the application's identity a data-plane role
/// on the audit container with only the `readMetadata`, `items/create`, `items/read` and `executeQuery` actions
/// (see Docs/Security.md).
///
/// Listings query `ORDER BY c.timestampMs DESC` in the tenant's partition (of one user, with
/// `user`), page by page, and stop once the page is complete (ties within a millisecond are
/// ordered by record id, as in every ``AuditLog``). A page after a cursor reads the records
/// newer than the cursor again and skips them, so paging deep into a long history costs request
/// units in proportion to the records skipped. Times are kept to the millisecond. The container
/// can be the one ``CosmosChatStore`` uses, but a container of its own is better (its own
/// role assignment, throughput and retention).
public struct CosmosAuditLog: AuditLog {
    /// The container the log uses.
    public let container: CosmosContainer

    private let logger: Logger

    static let tenantRecordsQuery = "SELECT * FROM c WHERE c.type = @type ORDER BY c.timestampMs DESC"
    static let userRecordsQuery = "SELECT * FROM c WHERE c.type = @type AND c.userId = @userId ORDER BY c.timestampMs DESC"

    /// Uses the container `container` of database `database`; nothing is sent until the first call.
    /// - Parameters:
    ///   - client: The account client.
    ///   - database: The database id.
    ///   - container: The container id (partition key path `/tenantId`).
    ///   - logger: Where diagnostics go (document ids and tenants, never a record's question,
    ///     SQL or failure text); nothing is logged by default.
    public init(
        client: CosmosClient,
        database: String,
        container: String,
        logger: Logger = Logger(label: "daibai.audit.cosmos", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.container = client.container(database: database, name: container)
        self.logger = logger
    }

    /// The indexing policy of a container created by ``provision(client:database:container:)``:
    /// that of the other Cosmos stores, without indexes on the question and failure texts.
    static let indexingPolicy = CosmosIndexingPolicy(
        excludedPaths: CosmosStoreContainer.indexingPolicy.excludedPaths + ["/question/?", "/failure/?"],
        compositeIndexes: CosmosStoreContainer.indexingPolicy.compositeIndexes)

    /// Creates the database and the container (partition key `/tenantId`) when they do not
    /// exist yet; an existing container is left as it is.
    public static func provision(client: CosmosClient, database: String, container: String) async throws(CosmosError) {
        try await client.createDatabaseIfNeeded(id: database)
        try await client.createContainerIfNeeded(
            database: database, id: container, partitionKeyPath: CosmosStoreContainer.partitionKeyPath, indexingPolicy: indexingPolicy)
    }

    // MARK: - AuditLog

    /// Appends `record` (whose tenant and user must be `context`'s) by creating its document;
    /// an identical record already stored under its id is left as it is.
    ///
    /// - Throws: ``AuditLogError/conflictingRecord(id:)`` when a different record has the id;
    ///   ``AuditLogError/unavailable(_:)`` when Cosmos DB fails; the errors of ``AuditRecord/validated(for:)``.
    public func append(_ record: AuditRecord, context: RequestContext) async throws(AuditLogError) {
        let stored = try record.validated(for: context)
        let document = CosmosAuditLogDocument(record: stored)
        let partition = context.tenant.rawValue
        // A create that meets a document which then disappears (only possible if someone with
        // more rights than this log deleted it) is tried once more.
        for _ in 0..<2 {
            switch try await create(document, partition: partition) {
            case .created:
                return
            case .exists:
                guard let existing = try await read(id: document.id, partition: partition) else { continue }
                guard existing.isOwned(by: context.tenant) else {
                    logger.warning(
                        "An audit document names another owner than the id it is stored under",
                        metadata: ["id": "\(existing.id)", "tenant": "\(context.tenant)"])
                    throw .corrupt("the audit document '\(document.id)' of this tenant names another owner")
                }
                if try existing.record() == stored { return }
                throw .conflictingRecord(id: record.id)
            }
        }
        throw .unavailable("append audit record failed: the document '\(document.id)' was reported as existing but could not be read")
    }

    /// The records of `context`'s tenant (of `user` only, when given), newest first, after `before`.
    public func records(context: RequestContext, limit: Int, before: AuditCursor?, user: UserID?) async throws(AuditLogError) -> [AuditRecord] {
        try AuditLogLimits.validatePageSize(limit)
        let query = if let user {
            CosmosQuery(Self.userRecordsQuery, ["@type": .string(CosmosAuditLogDocument.type), "@userId": .string(user.rawValue)])
        } else {
            CosmosQuery(Self.tenantRecordsQuery, ["@type": .string(CosmosAuditLogDocument.type)])
        }
        // The first page usually completes a listing from the newest record; after a cursor,
        // larger pages skip the newer records in fewer round trips.
        let pageSize = before == nil ? min(limit + 1, AuditLogLimits.maxPageSize) : AuditLogLimits.maxPageSize
        var collected: [AuditRecord] = []
        var continuation: String?
        repeat {
            if Task.isCancelled { throw .unavailable("reading audit records was cancelled") }
            let page: CosmosQueryPage<CosmosAuditLogDocument>
            do throws(CosmosError) {
                page = try await container.queryPage(
                    query, partitionKey: context.tenant.rawValue, as: CosmosAuditLogDocument.self,
                    maxItemCount: pageSize, continuation: continuation)
            } catch {
                throw Self.map(error, operation: "read audit records")
            }
            for document in page.documents {
                guard document.isOwned(by: context.tenant) else {
                    logger.warning("An audit document is stored under another id or tenant than its own; skipped", metadata: ["id": "\(document.id)"])
                    continue
                }
                let record = try document.record()
                if let user, record.user != user { continue }
                if let before, !before.admits(record) { continue }
                collected.append(record)
            }
            continuation = page.continuation
        } while continuation != nil && !Self.isComplete(collected, limit: limit)
        return Array(collected.sorted(by: AuditRecord.newestFirst).prefix(limit))
    }

    // MARK: - Helpers

    /// Whether `collected` (newest first by millisecond, as the service returns them) holds the
    /// first `limit` records: more than `limit`, and the last one older than the `limit`th, so
    /// every record sharing the `limit`th record's millisecond has been seen.
    static func isComplete(_ collected: [AuditRecord], limit: Int) -> Bool {
        guard collected.count > limit, let last = collected.last else { return false }
        return CosmosStoreTime.milliseconds(last.timestamp) < CosmosStoreTime.milliseconds(collected[limit - 1].timestamp)
    }

    private enum CreateResult { case created, exists }

    private func create(_ document: CosmosAuditLogDocument, partition: String) async throws(AuditLogError) -> CreateResult {
        do throws(CosmosError) {
            _ = try await container.create(document, partitionKey: partition)
            return .created
        } catch .conflict {
            return .exists
        } catch {
            throw Self.map(error, operation: "append audit record")
        }
    }

    private func read(id: String, partition: String) async throws(AuditLogError) -> CosmosAuditLogDocument? {
        do throws(CosmosError) {
            return try await container.read(CosmosAuditLogDocument.self, id: id, partitionKey: partition).document
        } catch .notFound {
            return nil
        } catch {
            throw Self.map(error, operation: "read the stored audit record")
        }
    }

    private static func map(_ error: CosmosError, operation: String) -> AuditLogError {
        var text = "\(operation) failed: \(error)"
        while text.hasSuffix(".") { text.removeLast() }
        if case .decoding = error { return .corrupt(text) }
        return .unavailable(text)
    }
}
