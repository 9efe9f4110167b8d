import Crypto
import DaiBaiCore
import DaiBaiTesting
import Foundation

/// The user key vault with the local KEK: the unwrap of one data key (AES key wrap), and a
/// whole `key(provider:context:)` (SQLite read, unwrap, AES-GCM open), in microseconds.
enum KeyVaultBenchmark {
    static func run(arguments: [String]) async {
        let count = arguments.first.flatMap(Int.init) ?? 10_000
        do {
            try await measure(count: count)
        } catch {
            print("key vault benchmark failed: \(error)")
        }
    }

    static func measure(count: Int) async throws {
        let kek = try LocalKeyEncryptionKey(versions: [("v1", SymmetricKey(size: .bits256))])
        let wrapped = try await kek.wrap(SymmetricKey(size: .bits256))
        var unwraps: [Duration] = []
        unwraps.reserveCapacity(count)
        for _ in 0..<count {
            let started = ContinuousClock.now
            _ = try await kek.unwrap(wrapped)
            unwraps.append(ContinuousClock.now - started)
        }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("daibai-bench-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteWrappedKeyStore(path: directory.appendingPathComponent("keys.sqlite").path)
        let vault = EnvelopeUserKeyVault(store: store, kek: kek)
        let context = RequestContext(tenant: .local, user: .local)
        try await vault.putKey(SecretValue("sk-proj-benchmark0123456789abcdefWXYZ"), provider: "openai", context: context)
        var reads: [Duration] = []
        reads.reserveCapacity(count)
        for _ in 0..<count {
            let started = ContinuousClock.now
            guard try await vault.key(provider: "openai", context: context) != nil else { fail("the stored key is missing") }
            reads.append(ContinuousClock.now - started)
        }
        print("User key vault, local KEK (A256KW + AES-256-GCM), \(count) iterations, \(machineDescription()):")
        print("  unwrap one data key: \(summary(unwraps))")
        print("  key(provider:) from SQLite (read + unwrap + open): \(summary(reads))")
    }

    static func summary(_ durations: [Duration]) -> String {
        let sorted = durations.sorted()
        func at(_ fraction: Double) -> Duration { sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction + 0.5))] }
        return "p50 \(format(microseconds(at(0.5)), 2)) µs, p99 \(format(microseconds(at(0.99)), 2)) µs"
    }
}
