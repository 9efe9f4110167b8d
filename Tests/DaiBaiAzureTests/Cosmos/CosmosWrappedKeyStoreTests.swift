import Crypto
import DaiBaiAzure
import DaiBaiAzureTestSupport
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Synchronization
import Testing

/// Runs `body` with a fake account holding the test container and a wrapped-key store on it.
private func withCosmosWrappedKeyStore(
    _ body: (CosmosWrappedKeyStore, CosmosFakeServer, LoopbackHTTPServer) async throws -> Void
) async throws {
    try await CosmosFakeServer.with { fake, server in
        fake.seedContainer(database: CosmosTestNames.database, container: CosmosTestNames.container)
        let store = CosmosWrappedKeyStore(client: try .forTests(server), database: CosmosTestNames.database, container: CosmosTestNames.container)
        try await body(store, fake, server)
    }
}

/// Records for the wrapped-key store tests.
private enum WrappedKeyFixtures {
    /// A time with whole milliseconds, which the store keeps exactly.
    static let time = Date(timeIntervalSince1970: 1_700_000_000.123)

    static func record(
        _ context: RequestContext, provider: String = "openai", version: Int = 1, kekVersion: String = "v1", seed: UInt8 = 1
    ) -> WrappedKeyRecord {
        WrappedKeyRecord(
            tenant: context.tenant, user: context.user, provider: provider, keyVersion: version, lastFour: "ab\(seed)d",
            sealedKey: (0..<44).map { UInt8(truncatingIfNeeded: Int($0) &+ Int(seed) &* 7) },
            wrappedDataKey: WrappedDataKey(keyID: "local", keyVersion: kekVersion, algorithm: "A256KW", bytes: (0..<40).map { UInt8(truncatingIfNeeded: Int($0) &* 3 &+ Int(seed)) }),
            updatedAt: time.addingTimeInterval(Double(version)))
    }

    static func documents(_ fake: CosmosFakeServer, _ tenant: TenantID) -> [String: CosmosFakeJSON] {
        fake.documents(database: CosmosTestNames.database, container: CosmosTestNames.container, partition: tenant.rawValue)
    }

    static func localKEK(_ versions: [(String, SymmetricKey)]) throws -> LocalKeyEncryptionKey {
        try LocalKeyEncryptionKey(versions: versions.map { (version: $0.0, key: $0.1) })
    }
}

@Suite("CosmosWrappedKeyStore")
struct CosmosWrappedKeyStoreTests {
    let a = TestContexts.a
    let aBob = TestContexts.aBob
    let b = TestContexts.b

    @Test("save, read, list and delete round-trip every field")
    func roundTrip() async throws {
        try await withCosmosWrappedKeyStore { store, _, _ in
            let openai = WrappedKeyFixtures.record(a)
            let anthropic = WrappedKeyFixtures.record(a, provider: "anthropic", seed: 2)
            try await store.save(openai, expectedVersion: nil, context: a)
            try await store.save(anthropic, expectedVersion: nil, context: a)

            #expect(try await store.record(provider: "openai", context: a) == openai)
            #expect(try await store.record(provider: "mistral", context: a) == nil)
            #expect(try await store.records(context: a) == [anthropic, openai])

            let replaced = WrappedKeyFixtures.record(a, version: 2, seed: 3)
            try await store.save(replaced, expectedVersion: 1, context: a)
            #expect(try await store.record(provider: "openai", context: a) == replaced)

            #expect(try await store.delete(provider: "openai", context: a))
            #expect(try await store.delete(provider: "openai", context: a) == false)
            #expect(try await store.record(provider: "openai", context: a) == nil)
            #expect(try await store.records(context: a) == [anthropic])
            #expect(try await store.record(provider: "Not A Provider", context: a) == nil)
        }
    }

    @Test("one document per user and provider in the tenant's partition, ciphertext only")
    func documentLayout() async throws {
        try await withCosmosWrappedKeyStore { store, fake, server in
            let record = WrappedKeyFixtures.record(a)
            try await store.save(record, expectedVersion: nil, context: a)

            let documents = WrappedKeyFixtures.documents(fake, TestContexts.tenantA)
            let document = try #require(documents["wrappedKey_alice_openai"])
            #expect(documents.count == 1)
            #expect(document["type"] == .string("wrappedKey"))
            #expect(document["tenantId"] == .string("tenant-a"))
            #expect(document["userId"] == .string("alice"))
            #expect(document["provider"] == .string("openai"))
            #expect(document["keyVersion"] == .int(1))
            #expect(document["sealedKey"] == .string(Data(record.sealedKey).base64EncodedString()))
            #expect(document["wrappedDataKey"]?["keyVersion"] == .string("v1"))
            #expect(document["wrappedDataKey"]?["value"] == .string(Data(record.wrappedDataKey.bytes).base64EncodedString()))
            #expect(server.requests.allSatisfy { $0.header("x-ms-documentdb-partitionkey") == "[\"tenant-a\"]" })
        }
    }

    @Test("another tenant sees nothing, even with the same user id")
    func tenantIsolation() async throws {
        try await withCosmosWrappedKeyStore { store, fake, _ in
            try await store.save(WrappedKeyFixtures.record(a), expectedVersion: nil, context: a)

            #expect(try await store.record(provider: "openai", context: b) == nil)
            #expect(try await store.records(context: b).isEmpty)
            #expect(try await store.tenantRecords(context: b).isEmpty)
            #expect(try await store.delete(provider: "openai", context: b) == false)
            // B's own entry of the same user and provider does not conflict with A's.
            let own = WrappedKeyFixtures.record(b, seed: 9)
            try await store.save(own, expectedVersion: nil, context: b)
            #expect(try await store.record(provider: "openai", context: b) == own)
            #expect(try await store.record(provider: "openai", context: a) == WrappedKeyFixtures.record(a))
            #expect(WrappedKeyFixtures.documents(fake, TestContexts.tenantB).count == 1)
        }
    }

    @Test("another user of the tenant sees nothing of the user's entries; tenantRecords lists both")
    func userIsolation() async throws {
        try await withCosmosWrappedKeyStore { store, _, _ in
            let alice = WrappedKeyFixtures.record(a)
            try await store.save(alice, expectedVersion: nil, context: a)

            #expect(try await store.record(provider: "openai", context: aBob) == nil)
            #expect(try await store.records(context: aBob).isEmpty)
            #expect(try await store.delete(provider: "openai", context: aBob) == false)
            #expect(try await store.record(provider: "openai", context: a) == alice)

            let bob = WrappedKeyFixtures.record(aBob, provider: "anthropic", seed: 5)
            let bobOpenAI = WrappedKeyFixtures.record(aBob, seed: 6)
            try await store.save(bobOpenAI, expectedVersion: nil, context: aBob)
            try await store.save(bob, expectedVersion: nil, context: aBob)
            #expect(try await store.records(context: a) == [alice])
            #expect(try await store.records(context: aBob) == [bob, bobOpenAI])
            #expect(try await store.tenantRecords(context: a) == [alice, bob, bobOpenAI])
        }
    }

    @Test("a record naming another tenant or user is refused and nothing is written")
    func foreignRecordRefused() async throws {
        try await withCosmosWrappedKeyStore { store, fake, _ in
            for (record, context) in [(WrappedKeyFixtures.record(a), aBob), (WrappedKeyFixtures.record(a), b)] {
                await expectError(WrappedKeyStoreError.self, { if case .unavailable = $0 { true } else { false } }) {
                    try await store.save(record, expectedVersion: nil, context: context)
                }
            }
            #expect(WrappedKeyFixtures.documents(fake, TestContexts.tenantA).isEmpty)
            #expect(WrappedKeyFixtures.documents(fake, TestContexts.tenantB).isEmpty)
        }
    }

    @Test("save is a compare-and-set on the stored version")
    func compareAndSet() async throws {
        try await withCosmosWrappedKeyStore { store, _, _ in
            await #expect(throws: WrappedKeyStoreError.conflict(provider: "openai")) {
                try await store.save(WrappedKeyFixtures.record(a), expectedVersion: 1, context: a)
            }
            try await store.save(WrappedKeyFixtures.record(a), expectedVersion: nil, context: a)
            await #expect(throws: WrappedKeyStoreError.conflict(provider: "openai")) {
                try await store.save(WrappedKeyFixtures.record(a, seed: 2), expectedVersion: nil, context: a)
            }
            await #expect(throws: WrappedKeyStoreError.conflict(provider: "openai")) {
                try await store.save(WrappedKeyFixtures.record(a, version: 3), expectedVersion: 2, context: a)
            }
            // The same version again (a re-wrap) with the right expectation succeeds.
            let rewrapped = WrappedKeyFixtures.record(a, kekVersion: "v2")
            try await store.save(rewrapped, expectedVersion: 1, context: a)
            #expect(try await store.record(provider: "openai", context: a) == rewrapped)
            await #expect(throws: WrappedKeyStoreError.self) {
                try await store.save(WrappedKeyFixtures.record(a, provider: "Bad_Provider"), expectedVersion: nil, context: a)
            }
        }
    }

    @Test("of concurrent saves with the same expected version exactly one wins", arguments: [Int?.none, 1])
    func concurrentSaves(expected: Int?) async throws {
        try await withCosmosWrappedKeyStore { store, _, _ in
            if expected != nil { try await store.save(WrappedKeyFixtures.record(a), expectedVersion: nil, context: a) }
            let next = (expected ?? 0) + 1
            let contenders = 4
            let outcomes = await withTaskGroup(of: (UInt8, Bool).self) { group in
                for seed in 1...contenders {
                    group.addTask {
                        let record = WrappedKeyFixtures.record(a, version: next, seed: UInt8(10 + seed))
                        do throws(WrappedKeyStoreError) {
                            try await store.save(record, expectedVersion: expected, context: a)
                            return (UInt8(10 + seed), true)
                        } catch {
                            if case .conflict = error { return (UInt8(10 + seed), false) }
                            Issue.record("unexpected \(error)")
                            return (UInt8(10 + seed), false)
                        }
                    }
                }
                var outcomes: [(UInt8, Bool)] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            let winners = outcomes.filter(\.1).map(\.0)
            #expect(winners.count == 1)
            let winner = try #require(winners.first)
            #expect(try await store.record(provider: "openai", context: a) == WrappedKeyFixtures.record(a, version: next, seed: winner))
        }
    }

    @Test("Cosmos DB failures are unavailable; a document that does not decode is corrupt")
    func failures() async throws {
        try await withCosmosWrappedKeyStore { store, fake, server in
            fake.fail(status: 403, code: "Forbidden", message: "Request blocked by Auth: the principal does not have the required RBAC permissions")
            await expectError(WrappedKeyStoreError.self, { error in
                guard case .unavailable(let reason) = error else { return false }
                return reason.contains("403")
            }) {
                _ = try await store.record(provider: "openai", context: a)
            }
            // A document at the key's id that is not a key entry.
            let container = CosmosContainer(client: try .forTests(server), database: CosmosTestNames.database, name: CosmosTestNames.container)
            _ = try await container.upsert(
                CosmosFakeJSON.object(["id": .string("wrappedKey_alice_openai"), "tenantId": .string("tenant-a"), "type": .string("wrappedKey")]),
                partitionKey: "tenant-a")
            await expectError(WrappedKeyStoreError.self, { if case .corrupt = $0 { true } else { false } }) {
                _ = try await store.record(provider: "openai", context: a)
            }
        }
    }

    @Test("an entry naming another owner than its id is never returned")
    func misplacedDocumentIsNotReturned() async throws {
        try await withCosmosWrappedKeyStore { store, fake, _ in
            try await store.save(WrappedKeyFixtures.record(a), expectedVersion: nil, context: a)
            // Copy alice's document, unchanged, to bob's id (its fields still name alice).
            var fields = try #require(WrappedKeyFixtures.documents(fake, TestContexts.tenantA)["wrappedKey_alice_openai"].flatMap { json -> [String: CosmosFakeJSON]? in
                if case .object(let fields) = json { fields } else { nil }
            })
            fields["id"] = .string("wrappedKey_bob_openai")
            _ = try await store.container.upsert(CosmosFakeJSON.object(fields), partitionKey: "tenant-a")

            await expectError(WrappedKeyStoreError.self, { if case .corrupt = $0 { true } else { false } }) {
                _ = try await store.record(provider: "openai", context: aBob)
            }
            #expect(try await store.records(context: aBob).isEmpty)
            #expect(try await store.records(context: a).count == 1)
            #expect(try await store.tenantRecords(context: a).map(\.user) == [TestContexts.alice])
        }
    }

    @Test("a record moved into another user's or tenant's entry fails EnvelopeUserKeyVault with integrityCheckFailed")
    func movedRecordFailsIntegrity() async throws {
        try await withCosmosWrappedKeyStore { store, fake, _ in
            let kek = try WrappedKeyFixtures.localKEK([("v1", SymmetricKey(size: .bits256))])
            let vault = EnvelopeUserKeyVault(store: store, kek: kek)
            try await vault.putKey(SecretValue("sk-alice-0123456789abcdefghij"), provider: "openai", context: a)
            try await vault.putKey(SecretValue("sk-bob-0123456789abcdefghijkl"), provider: "openai", context: aBob)
            try await vault.putKey(SecretValue("sk-otherb-0123456789abcdefghi"), provider: "openai", context: b)
            #expect(try await vault.key(provider: "openai", context: aBob)?.key.revealed() == "sk-bob-0123456789abcdefghijkl")

            // Through the store: alice's sealed bytes and wrapped data key under bob's entry.
            var moved = try #require(try await store.record(provider: "openai", context: a))
            moved.user = TestContexts.bob
            try await store.save(moved, expectedVersion: 1, context: aBob)
            #expect(try await store.record(provider: "openai", context: aBob)?.sealedKey == store.record(provider: "openai", context: a)?.sealedKey)
            await #expect(throws: UserKeyVaultError.integrityCheckFailed(provider: "openai")) {
                _ = try await vault.key(provider: "openai", context: aBob)
            }

            // Through the service: alice's document rewritten as tenant B's alice.
            var fields = try #require(WrappedKeyFixtures.documents(fake, TestContexts.tenantA)["wrappedKey_alice_openai"].flatMap { json -> [String: CosmosFakeJSON]? in
                if case .object(let fields) = json { fields } else { nil }
            })
            fields["tenantId"] = .string("tenant-b")
            _ = try await store.container.upsert(CosmosFakeJSON.object(fields), partitionKey: "tenant-b")
            await #expect(throws: UserKeyVaultError.integrityCheckFailed(provider: "openai")) {
                _ = try await vault.key(provider: "openai", context: b)
            }
            // Alice's own entry still opens.
            #expect(try await vault.key(provider: "openai", context: a)?.key.revealed() == "sk-alice-0123456789abcdefghij")
        }
    }

    @Test("tenantRecords feeds rewrapKeys: every entry of the tenant moves to the new KEK version, other tenants' stay")
    func rewrapThroughCosmos() async throws {
        try await withCosmosWrappedKeyStore { store, _, _ in
            let v1 = SymmetricKey(size: .bits256)
            let before = EnvelopeUserKeyVault(store: store, kek: try WrappedKeyFixtures.localKEK([("v1", v1)]))
            try await before.putKey(SecretValue("sk-alice-0123456789abcdefghij"), provider: "openai", context: a)
            try await before.putKey(SecretValue("sk-ant-alice-0123456789abcdefghijklmnopqrstuvwxyz"), provider: "anthropic", context: a)
            try await before.putKey(SecretValue("sk-bob-0123456789abcdefghijkl"), provider: "openai", context: aBob)
            try await before.putKey(SecretValue("sk-otherb-0123456789abcdefghi"), provider: "openai", context: b)

            let after = EnvelopeUserKeyVault(store: store, kek: try WrappedKeyFixtures.localKEK([("v2", SymmetricKey(size: .bits256)), ("v1", v1)]))
            #expect(try await after.rewrapKeys(context: a) == 3)

            let tenantA = try await store.tenantRecords(context: a)
            #expect(tenantA.map { "\($0.user)/\($0.provider)" } == ["alice/anthropic", "alice/openai", "bob/openai"])
            #expect(tenantA.allSatisfy { $0.wrappedDataKey.keyVersion == "v2" && $0.keyVersion == 1 })
            #expect(try await store.tenantRecords(context: b).map(\.wrappedDataKey.keyVersion) == ["v1"])
            #expect(try await after.key(provider: "openai", context: aBob)?.key.revealed() == "sk-bob-0123456789abcdefghijkl")
            #expect(try await after.keys(context: a).map(\.provider) == ["anthropic", "openai"])
        }
    }

    @Test("provision creates the container partitioned by tenant without indexing the ciphertext")
    func provision() async throws {
        try await CosmosFakeServer.with { fake, server in
            let client = try CosmosClient.forTests(server)
            try await CosmosWrappedKeyStore.provision(client: client, database: "byok", container: "keys")
            try await CosmosWrappedKeyStore.provision(client: client, database: "byok", container: "keys")
            let body = try #require(fake.containerBody(database: "byok", container: "keys"))
            #expect(body["partitionKey"]?["paths"] == .array([.string("/tenantId")]))
            guard case .array(let excluded)? = body["indexingPolicy"]?["excludedPaths"] else {
                Issue.record("no excluded paths in \(body)")
                return
            }
            let paths = excluded.compactMap { $0["path"]?.stringValue }
            #expect(paths.contains("/sealedKey/?"))
            #expect(paths.contains("/wrappedDataKey/*"))
        }
    }
}
