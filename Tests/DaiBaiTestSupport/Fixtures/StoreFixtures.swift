import DaiBaiCore
import Foundation
import Synchronization

/// A clock that starts at a fixed instant and moves one second forward on every read.
public final class SteppingClock: Sendable {
    /// The first reading.
    public static let start = Date(timeIntervalSince1970: 1_700_000_000)
    private let ticks = Mutex(0)

    /// A clock at ``start``.
    public init() {}

    /// The time of the `n`th read (0-based).
    public static func time(_ n: Int) -> Date { start.addingTimeInterval(TimeInterval(n)) }

    /// Reads the clock.
    public func now() -> Date {
        let n = ticks.withLock { value -> Int in
            defer { value += 1 }
            return value
        }
        return Self.time(n)
    }

    /// The clock as a closure.
    public var closure: @Sendable () -> Date { { [self] in self.now() } }
}

/// Identifiers `id-1`, `id-2`, … in call order.
public final class SequentialIDs: Sendable {
    private let counter = Mutex(0)

    /// A generator whose first id is `id-1`.
    public init() {}

    /// The next id.
    public func next() -> String {
        let n = counter.withLock { value -> Int in
            value += 1
            return value
        }
        return "id-\(n)"
    }

    /// The generator as a closure.
    public var closure: @Sendable () -> String { { [self] in self.next() } }
}

/// Runs `body` with a fresh temporary directory, removed afterwards.
public func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("daibai-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}

/// The tenants, users and request contexts of the store tests.
public enum TestContexts {
    /// The first tenant.
    public static let tenantA = TenantID(rawValue: "tenant-a") ?? .local
    /// The second tenant.
    public static let tenantB = TenantID(rawValue: "tenant-b") ?? .local
    /// A user id present in both tenants.
    public static let alice = UserID(rawValue: "alice") ?? .local
    /// Another user of tenant A.
    public static let bob = UserID(rawValue: "bob") ?? .local
    /// Alice of tenant A.
    public static let a = RequestContext(tenant: tenantA, user: alice)
    /// A user of tenant B with the *same user id* as `a`, so only the tenant differs.
    public static let b = RequestContext(tenant: tenantB, user: alice)
    /// Bob, another user of tenant A.
    public static let aBob = RequestContext(tenant: tenantA, user: bob)
}

/// A secret name from a literal known to be valid.
public func secretName(_ raw: String) -> SecretName {
    SecretName(rawValue: raw)!
}
