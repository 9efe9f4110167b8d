import Crypto
import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import GRDB
import Testing

/// A vault over a store under test, with its KEK and audit trail.
struct VaultRig {
    let vault: EnvelopeUserKeyVault
    let store: any WrappedKeyStore
    let audit = RecordingKeyAuditSink()
    let directory: TemporaryDirectory?

    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case memory, sqlite
        var testDescription: String { rawValue }
    }

    init(_ backend: Backend, kek: any KeyEncryptionKey) throws {
        switch backend {
        case .memory:
            store = InMemoryWrappedKeyStore()
            directory = nil
        case .sqlite:
            let directory = try TemporaryDirectory("daibai-byok")
            store = try SQLiteWrappedKeyStore(path: directory.path + "/keys.sqlite")
            self.directory = directory
        }
        vault = EnvelopeUserKeyVault(store: store, kek: kek, audit: audit)
    }

    static func localKEK(_ versions: [String] = ["v1"]) throws -> LocalKeyEncryptionKey {
        try LocalKeyEncryptionKey(versions: versions.map { ($0, SymmetricKey(size: .bits256)) })
    }

    func remove() { directory?.remove() }
}

@Suite("The user key vault: per-user provider keys under envelope encryption")
struct UserKeyVaultTests {
    static let alice = RequestContext(tenant: TenantID(rawValue: "acme")!, user: UserID(rawValue: "alice")!)
    static let bob = RequestContext(tenant: TenantID(rawValue: "acme")!, user: UserID(rawValue: "bob")!)
    static let eve = RequestContext(tenant: TenantID(rawValue: "other")!, user: UserID(rawValue: "alice")!)
    static let openAIKey = "sk-proj-aliceKEY0123456789abcdWXYZ"
    static let anthropicKey = "sk-ant-api03-bobKEY0123456789abcdefghijklmnopqrstu"

    @Test("a stored key comes back for its owner only, shown by its last four characters", arguments: VaultRig.Backend.allCases)
    func roundTripAndIsolation(backend: VaultRig.Backend) async throws {
        let rig = try VaultRig(backend, kek: VaultRig.localKEK())
        defer { rig.remove() }
        let summary = try await rig.vault.putKey(SecretValue(Self.openAIKey), provider: "openai", context: Self.alice)
        #expect(summary.lastFour == "WXYZ")
        #expect(summary.version == 1)
        #expect(!summary.description.contains("aliceKEY"))

        let key = try #require(try await rig.vault.key(provider: "openai", context: Self.alice))
        #expect(key.key.revealed() == Self.openAIKey)
        #expect(!"\(key)".contains("aliceKEY"))
        #expect(try await rig.vault.key(provider: "openai", context: Self.bob) == nil)
        #expect(try await rig.vault.key(provider: "openai", context: Self.eve) == nil)
        #expect(try await rig.vault.keys(context: Self.bob).isEmpty)
        #expect(try await rig.vault.keys(context: Self.alice).map(\.provider) == ["openai"])
    }

    @Test("replacing a key bumps its version; deleting it removes it; a missing key is notFound", arguments: VaultRig.Backend.allCases)
    func versionsAndDelete(backend: VaultRig.Backend) async throws {
        let rig = try VaultRig(backend, kek: VaultRig.localKEK())
        defer { rig.remove() }
        try await rig.vault.putKey(SecretValue(Self.openAIKey), provider: "openai", context: Self.alice)
        let second = try await rig.vault.putKey(SecretValue("sk-proj-secondKEY0123456789abcd9876"), provider: "openai", context: Self.alice)
        #expect(second.version == 2)
        #expect(try await rig.vault.key(provider: "openai", context: Self.alice)?.key.revealed() == "sk-proj-secondKEY0123456789abcd9876")
        #expect(try await rig.vault.summary(provider: "openai", context: Self.alice)?.version == 2)
        try await rig.vault.deleteKey(provider: "openai", context: Self.alice)
        #expect(try await rig.vault.key(provider: "openai", context: Self.alice) == nil)
        await #expect(throws: UserKeyVaultError.notFound(provider: "openai")) {
            try await rig.vault.deleteKey(provider: "openai", context: Self.alice)
        }
        #expect(rig.audit.events.map(\.action) == [.put, .put, .get, .delete, .delete])
        #expect(rig.audit.events.map(\.outcome) == [.succeeded, .succeeded, .succeeded, .succeeded, .failed])
    }

    @Test("keys of the wrong shape are refused before anything is stored, without echoing the key", arguments: [
        ("openai", "sk-short"),
        ("openai", "pk-live-0123456789abcdefghijklmnop"),
        ("anthropic", "sk-proj-0123456789abcdefghijklmnopqrstuvwxyz0123"),
        ("gemini", "AIzaTooShort"),
        ("openai", "sk-proj-0123456789 abcdefghijkl"),
        ("azure", "0123456789abcdef0123456789abcde!"),
    ])
    func shapeValidation(provider: String, key: String) async throws {
        let rig = try VaultRig(.memory, kek: VaultRig.localKEK())
        await expectError(UserKeyVaultError.self, { error in
            guard case .invalidKey(let named, let reason) = error else { return false }
            return named == provider && !reason.contains(key) && !error.description.contains(key)
        }) {
            try await rig.vault.putKey(SecretValue(key), provider: provider, context: Self.alice)
        }
        #expect(try await rig.store.records(context: Self.alice).isEmpty)
        #expect(rig.audit.events.map(\.outcome) == [.failed])
        #expect(rig.audit.events.allSatisfy { !($0.failure ?? "").contains(key) })
    }

    @Test("well-formed keys of each known vendor are accepted", arguments: [
        ("openai", "sk-proj-0123456789abcdefghijklmnop"),
        ("anthropic", "sk-ant-api03-0123456789abcdefghijklmnopqrstuvwxyzABCD"),
        ("gemini", "AIzaSyA0123456789abcdefghijklmnopqrstuv"),
        ("azure", "0123456789abcdef0123456789abcdef"),
        ("groq", "gsk_0123456789abcdefghijklmnopqrstuvwxyzABCDEF"),
        ("mistral", "0123456789abcdefghijklmnopqrstuv"),
        ("my-gateway", "any.token_value-42"),
    ])
    func knownShapes(provider: String, key: String) async throws {
        let rig = try VaultRig(.memory, kek: VaultRig.localKEK())
        try await rig.vault.putKey(SecretValue(key), provider: provider, context: Self.alice)
        #expect(try await rig.vault.key(provider: provider, context: Self.alice)?.key.revealed() == key)
    }

    @Test("user A's ciphertext moved into user B's row does not decrypt for B", arguments: VaultRig.Backend.allCases)
    func movedCiphertextFails(backend: VaultRig.Backend) async throws {
        let rig = try VaultRig(backend, kek: VaultRig.localKEK())
        defer { rig.remove() }
        try await rig.vault.putKey(SecretValue(Self.openAIKey), provider: "openai", context: Self.alice)
        try await rig.vault.putKey(SecretValue("sk-proj-bobKEY0123456789abcdefgh1234"), provider: "openai", context: Self.bob)
        let stolen = try #require(try await rig.store.record(provider: "openai", context: Self.alice))
        switch backend {
        case .memory:
            let memory = try #require(rig.store as? InMemoryWrappedKeyStore)
            memory.overwrite(stolen, tenant: Self.bob.tenant, user: Self.bob.user)
        case .sqlite:
            // The attacker edits the file: A's sealed key and wrapped data key into B's row.
            let sqlite = try #require(rig.store as? SQLiteWrappedKeyStore)
            let queue = try DatabaseQueue(path: try #require(sqlite.database.path))
            try await queue.write { db in
                try db.execute(
                    sql: "UPDATE byok_keys SET sealed_key = ?, wrapped_key = ?, key_version = ?, last_four = ? WHERE tenant_id = 'acme' AND user_id = 'bob'",
                    arguments: [Data(stolen.sealedKey), Data(stolen.wrappedDataKey.bytes), stolen.keyVersion, stolen.lastFour])
            }
            try queue.close()
        }
        await #expect(throws: UserKeyVaultError.integrityCheckFailed(provider: "openai")) {
            _ = try await rig.vault.key(provider: "openai", context: Self.bob)
        }
        #expect(try await rig.vault.key(provider: "openai", context: Self.alice)?.key.revealed() == Self.openAIKey)
    }

    @Test("KEK rotation: old entries open before re-wrapping, re-wrapping touches only the data keys, then the old version can go")
    func kekRotation() async throws {
        let v1 = SymmetricKey(size: .bits256)
        let v2 = SymmetricKey(size: .bits256)
        let store = InMemoryWrappedKeyStore()
        let audit = RecordingKeyAuditSink()
        let before = EnvelopeUserKeyVault(store: store, kek: try LocalKeyEncryptionKey(versions: [("v1", v1)]), audit: audit)
        try await before.putKey(SecretValue(Self.openAIKey), provider: "openai", context: Self.alice)
        try await before.putKey(SecretValue(Self.anthropicKey), provider: "anthropic", context: Self.bob)
        let sealedBefore = try await store.tenantRecords(context: Self.alice).map(\.sealedKey)

        let rotated = EnvelopeUserKeyVault(store: store, kek: try LocalKeyEncryptionKey(versions: [("v2", v2), ("v1", v1)]), audit: audit)
        #expect(try await rotated.key(provider: "openai", context: Self.alice)?.key.revealed() == Self.openAIKey)
        #expect(try await rotated.rewrapKeys(context: Self.alice) == 2)
        let after = try await store.tenantRecords(context: Self.alice)
        #expect(after.map(\.wrappedDataKey.keyVersion) == ["v2", "v2"])
        #expect(after.map(\.sealedKey) == sealedBefore)
        #expect(after.map(\.keyVersion) == [1, 1])
        #expect(try await rotated.rewrapKeys(context: Self.alice) == 0)

        let v2Only = EnvelopeUserKeyVault(store: store, kek: try LocalKeyEncryptionKey(versions: [("v2", v2)]))
        #expect(try await v2Only.key(provider: "anthropic", context: Self.bob)?.key.revealed() == Self.anthropicKey)
        #expect(audit.events.filter { $0.action == .rotate }.map(\.kekVersion) == ["v2", "v2"])
        let trail = audit.events.map { "\($0) \($0.failure ?? "")" }.joined(separator: "\n")
        #expect(!trail.contains("aliceKEY") && !trail.contains("bobKEY"))
    }

    @Test("an entry wrapped with a version the KEK no longer has fails with a KEK error, not garbage")
    func droppedVersion() async throws {
        let store = InMemoryWrappedKeyStore()
        let old = EnvelopeUserKeyVault(store: store, kek: try VaultRig.localKEK(["v1"]))
        try await old.putKey(SecretValue(Self.openAIKey), provider: "openai", context: Self.alice)
        let new = EnvelopeUserKeyVault(store: store, kek: try VaultRig.localKEK(["v2"]))
        await #expect(throws: UserKeyVaultError.keyEncryption(.unknownVersion(keyID: "local", version: "v1"))) {
            _ = try await new.key(provider: "openai", context: Self.alice)
        }
    }

    @Test("concurrent puts of one user's key never lose a version", arguments: VaultRig.Backend.allCases)
    func concurrentPuts(backend: VaultRig.Backend) async throws {
        let rig = try VaultRig(backend, kek: VaultRig.localKEK())
        defer { rig.remove() }
        let versions = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<4 {
                group.addTask {
                    try await rig.vault.putKey(SecretValue("sk-proj-concurrent0123456789abc\(1000 + index)"), provider: "openai", context: Self.alice).version
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(versions.sorted() == [1, 2, 3, 4])
        #expect(try await rig.vault.summary(provider: "openai", context: Self.alice)?.version == 4)
    }

    @Test("provider names are validated")
    func providerNames() async throws {
        let rig = try VaultRig(.memory, kek: VaultRig.localKEK())
        await #expect(throws: UserKeyVaultError.invalidProvider("Open AI")) {
            _ = try await rig.vault.key(provider: "Open AI", context: Self.alice)
        }
    }

    @Test("the SQLite store keeps keys across reopening the file")
    func sqlitePersists() async throws {
        let directory = try TemporaryDirectory("daibai-byok")
        defer { directory.remove() }
        let kek = try VaultRig.localKEK()
        let path = directory.path + "/keys.sqlite"
        try await EnvelopeUserKeyVault(store: try SQLiteWrappedKeyStore(path: path), kek: kek)
            .putKey(SecretValue(Self.openAIKey), provider: "openai", context: Self.alice)
        let reopened = EnvelopeUserKeyVault(store: try SQLiteWrappedKeyStore(path: path), kek: kek)
        #expect(try await reopened.key(provider: "openai", context: Self.alice)?.key.revealed() == Self.openAIKey)
        let raw = try String(decoding: Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        #expect(!raw.contains("aliceKEY"))
    }
}
