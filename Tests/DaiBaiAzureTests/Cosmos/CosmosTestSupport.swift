import DaiBaiAzure
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
    static let emulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
}

/// Tenants and users of the Cosmos store tests.
enum CosmosTestContexts {
    static let tenantA = TenantID(rawValue: "tenant-a") ?? .local
    static let tenantB = TenantID(rawValue: "tenant-b") ?? .local
    static let alice = UserID(rawValue: "alice") ?? .local
    static let bob = UserID(rawValue: "bob") ?? .local
    /// Alice of tenant A.
    static let a = RequestContext(tenant: tenantA, user: alice)
    /// A user of tenant B with the same user id as `a`, so only the tenant differs.
    static let b = RequestContext(tenant: tenantB, user: alice)
    /// Bob, another user of tenant A.
    static let aBob = RequestContext(tenant: tenantA, user: bob)
}

/// A clock that starts at a fixed instant and moves one second forward on every read.
final class CosmosSteppingClock: Sendable {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)
    private let ticks = Mutex(0)

    /// The time of the `n`th read (0-based).
    static func time(_ n: Int) -> Date { start.addingTimeInterval(TimeInterval(n)) }

    var closure: @Sendable () -> Date {
        { [self] in Self.time(ticks.withLock { value in defer { value += 1 }; return value }) }
    }
}

/// Identifiers `id-1`, `id-2`, … in call order.
final class CosmosSequentialIDs: Sendable {
    private let counter = Mutex(0)
    var closure: @Sendable () -> String {
        { [self] in "id-\(counter.withLock { value in value += 1; return value })" }
    }
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
            sleep: sleeps.closure, now: now)
    }
}

/// Runs `body` with a fake account holding the test container and a chat store on it.
func withCosmosChatStore(
    clock: @escaping @Sendable () -> Date = CosmosSteppingClock().closure,
    ids: @escaping @Sendable () -> String = CosmosSequentialIDs().closure,
    _ body: (CosmosChatStore, CosmosFakeServer, LoopbackHTTPServer) async throws -> Void
) async throws {
    try await CosmosFakeServer.with { fake, server in
        fake.seedContainer(database: CosmosTestNames.database, container: CosmosTestNames.container)
        let store = CosmosChatStore(
            client: try .forTests(server), database: CosmosTestNames.database, container: CosmosTestNames.container,
            clock: clock, idGenerator: ids)
        try await body(store, fake, server)
    }
}

/// Runs `body` with a fake account holding the test container and an inventory on it.
func withCosmosInventory(
    clock: @escaping @Sendable () -> Date = CosmosSteppingClock().closure,
    _ body: (CosmosDataInventory, CosmosFakeServer, LoopbackHTTPServer) async throws -> Void
) async throws {
    try await CosmosFakeServer.with { fake, server in
        fake.seedContainer(database: CosmosTestNames.database, container: CosmosTestNames.container)
        let inventory = CosmosDataInventory(
            client: try .forTests(server), database: CosmosTestNames.database, container: CosmosTestNames.container,
            clock: clock)
        try await body(inventory, fake, server)
    }
}

/// Expects `body` to throw an error of type `E` matching `matches`.
func expectCosmosError<E: Error>(
    _ type: E.Type,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ matches: (E) -> Bool,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected \(E.self), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as E {
        if !matches(error) { Issue.record("unexpected \(error)", sourceLocation: sourceLocation) }
    } catch {
        Issue.record("expected \(E.self), got \(error)", sourceLocation: sourceLocation)
    }
}
