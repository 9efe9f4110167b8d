import DaiBaiAzure
import DaiBaiAzureTestSupport
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Synchronization
import Testing

/// Keys used by the Cosmos tests.
enum CosmosTestKeys {
    /// The key of the protocol vectors (protocol-vectors.md, "Cosmos DB master-key authorization").
    static let vectorKey = "dsZQi3KtZmCv1ljt3VNWNm7sQUF1y5rJfC6kv5JiwvW0EndXdDku/dkKBp8/ufDToSxLzR4y+O/0H/t4bQtVNw=="
    /// The Cosmos DB emulator's published well-known key; the fake server is set up with it.
    static let emulatorKey = CosmosFakeServer.emulatorKey
}

/// Records the waits the client's retry loop asked for, without waiting.
final class CosmosRecordedSleeps: Sendable {
    private let waits = Mutex<[Duration]>([])
    var all: [Duration] { waits.withLock { $0 } }
    var closure: @Sendable (Duration) async throws -> Void {
        { [self] duration in waits.withLock { $0.append(duration) } }
    }
}

/// The database and container the store tests use.
enum CosmosTestNames {
    static let database = "daibai"
    static let container = "state"
    /// Lost races are retried as in production, but without the 30 s / 64-attempt budget: on two
    /// busy cores a burst of concurrent writers can need more (the outcome, not the time, is tested).
    static let racePolicy = RetryPolicy(
        maxAttempts: 10_000, initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(20),
        multiplier: 2, jitter: 1, maxTotalTime: TestPatience.generous, retryableStatuses: [])
}

extension CosmosClient {
    /// A client of `server` signing with the emulator key; retries do not wait.
    static func forTests(
        _ server: LoopbackHTTPServer,
        key: String = CosmosTestKeys.emulatorKey,
        sleeps: CosmosRecordedSleeps = CosmosRecordedSleeps(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> CosmosClient {
        try CosmosClient(
            endpoint: server.baseURL, authentication: .masterKey(SecretValue(key)),
            sleep: sleeps.closure, timeout: TestPatience.generous, now: now)
    }
}

/// Runs `body` with a fake account holding the test container and a chat store on it (with the
/// store's own id generator when `ids` is `nil`).
func withCosmosChatStore(
    clock: @escaping @Sendable () -> Date = SteppingClock().closure,
    ids: (@Sendable () -> String)? = SequentialIDs().closure,
    _ body: (CosmosChatStore, CosmosFakeServer, LoopbackHTTPServer) async throws -> Void
) async throws {
    try await CosmosFakeServer.with { fake, server in
        fake.seedContainer(database: CosmosTestNames.database, container: CosmosTestNames.container)
        let client = try CosmosClient.forTests(server)
        let store = if let ids {
            CosmosChatStore(
                client: client, database: CosmosTestNames.database, container: CosmosTestNames.container,
                clock: clock, idGenerator: ids, concurrencyPolicy: CosmosTestNames.racePolicy)
        } else {
            CosmosChatStore(
                client: client, database: CosmosTestNames.database, container: CosmosTestNames.container, clock: clock,
                concurrencyPolicy: CosmosTestNames.racePolicy)
        }
        try await body(store, fake, server)
    }
}

/// Runs `body` with a fake account holding the test container and an inventory on it.
func withCosmosInventory(
    clock: @escaping @Sendable () -> Date = SteppingClock().closure,
    _ body: (CosmosDataInventory, CosmosFakeServer, LoopbackHTTPServer) async throws -> Void
) async throws {
    try await CosmosFakeServer.with { fake, server in
        fake.seedContainer(database: CosmosTestNames.database, container: CosmosTestNames.container)
        let inventory = CosmosDataInventory(
            client: try .forTests(server), database: CosmosTestNames.database, container: CosmosTestNames.container,
            clock: clock, concurrencyPolicy: CosmosTestNames.racePolicy)
        try await body(inventory, fake, server)
    }
}
