import DaiBaiCore
import DaiBaiTesting
import Foundation
import Synchronization

/// A clock that starts at a fixed instant and moves one second forward on every read.
final class SteppingClock: Sendable {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)
    private let ticks = Mutex(0)

    /// The time of the `n`th read (0-based).
    static func time(_ n: Int) -> Date { start.addingTimeInterval(TimeInterval(n)) }

    /// Reads the clock.
    func now() -> Date {
        let n = ticks.withLock { value -> Int in
            defer { value += 1 }
            return value
        }
        return Self.time(n)
    }

    /// The clock as a closure.
    var closure: @Sendable () -> Date { { [self] in self.now() } }
}

/// Identifiers `id-1`, `id-2`, … in call order.
final class SequentialIDs: Sendable {
    private let counter = Mutex(0)
    func next() -> String {
        let n = counter.withLock { value -> Int in
            value += 1
            return value
        }
        return "id-\(n)"
    }
    var closure: @Sendable () -> String { { [self] in self.next() } }
}

/// A fresh temporary directory, removed after `body`.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("daibai-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}

enum TestContexts {
    static let tenantA = TenantID(rawValue: "tenant-a")!
    static let tenantB = TenantID(rawValue: "tenant-b")!
    static let alice = UserID(rawValue: "alice")!
    static let bob = UserID(rawValue: "bob")!
    /// Alice of tenant A.
    static let a = RequestContext(tenant: tenantA, user: alice)
    /// A user of tenant B with the *same user id* as `a`, so only the tenant differs.
    static let b = RequestContext(tenant: tenantB, user: alice)
    /// Bob, another user of tenant A.
    static let aBob = RequestContext(tenant: tenantA, user: bob)
}

/// The chat stores every chat behaviour is checked against.
enum ChatStoreUnderTest: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqliteFile
    case sqliteInMemory
    case inMemory

    var description: String { rawValue }

    /// Runs `body` with a fresh store (in a fresh temporary directory for files).
    func withStore(
        clock: @escaping @Sendable () -> Date = SteppingClock().closure,
        ids: @escaping @Sendable () -> String = SequentialIDs().closure,
        _ body: (any ChatStore) async throws -> Void
    ) async throws {
        switch self {
        case .sqliteFile:
            try await withTemporaryDirectory { dir in
                let store = try SQLiteChatStore(
                    path: dir.appendingPathComponent("db/daibai.sqlite").path, clock: clock, idGenerator: ids)
                try await body(store)
                try store.database.close()
            }
        case .sqliteInMemory:
            try await body(try SQLiteChatStore(database: try SQLiteDatabase.inMemory(), clock: clock, idGenerator: ids))
        case .inMemory:
            try await body(InMemoryChatStore(clock: clock, idGenerator: ids))
        }
    }
}

/// The data inventories every inventory behaviour is checked against.
enum DataInventoryUnderTest: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqliteFile
    case sqliteInMemory
    case inMemory

    var description: String { rawValue }

    func withInventory(
        clock: @escaping @Sendable () -> Date = SteppingClock().closure,
        _ body: (any DataInventory) async throws -> Void
    ) async throws {
        switch self {
        case .sqliteFile:
            try await withTemporaryDirectory { dir in
                let inventory = try SQLiteDataInventory(path: dir.appendingPathComponent("daibai.sqlite").path, clock: clock)
                try await body(inventory)
                try inventory.database.close()
            }
        case .sqliteInMemory:
            try await body(try SQLiteDataInventory(database: try SQLiteDatabase.inMemory(), clock: clock))
        case .inMemory:
            try await body(InMemoryDataInventory(clock: clock))
        }
    }
}

/// The writable secret stores every secret behaviour is checked against.
enum SecretStoreUnderTest: String, CaseIterable, CustomStringConvertible, Sendable {
    case directory
    case encryptedFile
    case inMemory

    var description: String { rawValue }

    func withStore(_ body: (any SecretStore) async throws -> Void) async throws {
        switch self {
        case .directory:
            try await withTemporaryDirectory { dir in
                try await body(DirectorySecretStore(root: dir.appendingPathComponent("secrets").path, layout: .perTenant))
            }
        case .encryptedFile:
            try await withTemporaryDirectory { dir in
                try await body(try EncryptedFileSecretStore(
                    path: dir.appendingPathComponent("secrets/secrets.json").path,
                    key: EncryptedFileSecretStore.generateKey()))
            }
        case .inMemory:
            try await body(InMemorySecretStore())
        }
    }
}

/// A secret name from a literal known to be valid.
func secretName(_ raw: String) -> SecretName {
    SecretName(rawValue: raw)!
}
