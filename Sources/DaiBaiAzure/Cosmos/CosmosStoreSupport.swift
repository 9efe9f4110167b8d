import DaiBaiCore
import Foundation
import Logging

/// Millisecond times as DaiBai's stores keep them (the same rounding as the SQLite stores).
enum CosmosStoreTime {
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    static func rounded(_ date: Date) -> Date {
        self.date(milliseconds: milliseconds(date))
    }
}

/// The outcome of one attempt of an optimistic-concurrency update.
enum CosmosStoreAttemptError: Error, Sendable {
    /// Someone changed the document in between (412, or a 409 on a racing create): try again.
    case raced
    /// The document is not there (or not the caller's).
    case missing
    /// Any other failure.
    case cosmos(CosmosError)
}

/// Runs read-modify-write attempts with Core's ``Retrier`` until one wins the race.
public struct CosmosStoreConcurrency: Sendable {
    /// The default for the Cosmos stores: up to 64 attempts with jittered backoff from 2 ms to
    /// 100 ms, 30 s in all.
    public static let policy = RetryPolicy(
        maxAttempts: 64, initialBackoff: .milliseconds(2), maxBackoff: .milliseconds(100),
        multiplier: 2, jitter: 1, maxTotalTime: .seconds(30), retryableStatuses: [])

    let retrier: Retrier

    init(policy: RetryPolicy = Self.policy, logger: Logger) {
        retrier = Retrier(policy: policy, logger: logger)
    }

    func run<T>(_ attempt: () async throws(CosmosStoreAttemptError) -> T) async throws(CosmosStoreAttemptError) -> T {
        try await retrier.run(
            { _ throws(CosmosStoreAttemptError) in try await attempt() },
            decide: { outcome, _ in
                if case .failure(.raced) = outcome { return .retry(after: nil) }
                return .doNotRetry
            },
            whenCancelled: { .cosmos(.cancelled) })
    }
}

/// The container layout DaiBai's Cosmos stores share: partition key `/tenantId`, a `type`
/// discriminator on every document, and the indexes their queries need.
enum CosmosStoreContainer {
    static let partitionKeyPath = "/tenantId"

    /// Message text and results are never filtered on, so they are not indexed; conversations
    /// are listed by `updatedAtMs DESC, conversationId ASC`, which needs a composite index.
    static let indexingPolicy = CosmosIndexingPolicy(
        excludedPaths: ["/content/?", "/sql/?", "/result/*", "/title/?", "/summary/?"],
        compositeIndexes: [[
            .init(path: "/updatedAtMs", descending: true),
            .init(path: "/conversationId"),
        ]])

    /// Creates the database and container when missing.
    static func provision(client: CosmosClient, database: String, container: String) async throws(CosmosError) {
        try await client.createDatabaseIfNeeded(id: database)
        try await client.createContainerIfNeeded(
            database: database, id: container, partitionKeyPath: partitionKeyPath, indexingPolicy: indexingPolicy)
    }
}
