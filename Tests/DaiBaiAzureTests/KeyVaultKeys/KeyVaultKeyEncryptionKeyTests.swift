import Crypto
import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Synchronization
import Testing

@testable import DaiBaiAzure

/// A clock the KEK tests move by hand (for the version cache's time-to-live).
final class KEKTestClock: Sendable {
    private let start = ContinuousClock.now
    private let offset = Mutex<Duration>(.zero)

    func advance(by duration: Duration) { offset.withLock { $0 += duration } }

    var now: @Sendable () -> ContinuousClock.Instant {
        { [self] in start.advanced(by: offset.withLock { $0 }) }
    }
}

enum KEKFixtures {
    static let token = "kek-test-token"
    static let keyName = "byok-kek"
    static let openAIKey = "sk-test-0123456789abcdefghijKLMN"

    /// A KEK on `server` whose retries do not sleep.
    static func kek(
        _ server: LoopbackHTTPServer,
        credential: any TokenCredential = StaticTokenCredential(token: KEKFixtures.token),
        versionCacheTTL: Duration = KeyVaultKeyEncryptionKey.defaultVersionCacheTTL,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) throws -> KeyVaultKeyEncryptionKey {
        try KeyVaultKeyEncryptionKey(
            vaultURL: server.baseURL + "/", keyName: keyName, credential: credential,
            retrier: Retrier(policy: RetryPolicy(maxAttempts: 3, maxTotalTime: TestPatience.generous), sleep: { _ in }),
            versionCacheTTL: versionCacheTTL, timeout: TestPatience.generous, now: now)
    }

    static func bytes(_ key: SymmetricKey) -> [UInt8] { key.withUnsafeBytes { Array($0) } }

    /// Texts that must never appear in an error: the token and the data key in every encoding sent.
    static func secrets(of key: SymmetricKey) -> [String] {
        let raw = bytes(key)
        return [token, KeyVaultKeysFakeVault.base64url(raw), Data(raw).base64EncodedString(), raw.map { String(format: "%02x", $0) }.joined()]
    }
}

@Suite("KeyVaultKeyEncryptionKey")
struct KeyVaultKeyEncryptionKeyTests {
    @Test("wrap and unwrap round-trip through the vault with RSA-OAEP-256")
    func roundTrip() async throws {
        try await KeyVaultKeysFakeVault.run { vault, server in
            let kek = try KEKFixtures.kek(server)
            let dataKey = SymmetricKey(size: .bits256)

            let wrapped = try await kek.wrap(dataKey)
            let unwrapped = try await kek.unwrap(wrapped)

            #expect(kek.keyID == "\(server.baseURL)/keys/byok-kek")
            #expect(wrapped.keyID == kek.keyID)
            #expect(wrapped.keyVersion == vault.currentVersion)
            #expect(wrapped.algorithm == "RSA-OAEP-256")
            #expect(wrapped.bytes.count == 256)
            #expect(wrapped.bytes != KEKFixtures.bytes(dataKey))
            #expect(KEKFixtures.bytes(unwrapped) == KEKFixtures.bytes(dataKey))
            #expect(!wrapped.description.contains(KeyVaultKeysFakeVault.base64url(wrapped.bytes)))
        }
    }

    @Test("the wrap request sends alg RSA-OAEP-256, the data key in base64url and the bearer token; the vault's own key opens the result")
    func wireFormat() async throws {
        try await KeyVaultKeysFakeVault.run { vault, server in
            let credential = StaticTokenCredential(token: KEKFixtures.token)
            let kek = try KEKFixtures.kek(server, credential: credential)
            let dataKey = SymmetricKey(size: .bits256)

            let wrapped = try await kek.wrap(dataKey)

            let requests = server.requests
            // Challenge first: the unauthenticated probe carries no token.
            #expect(requests.first?.header("authorization") == nil)
            let version = vault.currentVersion
            #expect(requests.contains { $0.method == "GET" && $0.path == "/keys/byok-kek" && $0.header("authorization") == "Bearer kek-test-token" })
            let wraps = requests.filter { $0.method == "POST" && $0.path == "/keys/byok-kek/\(version)/wrapkey" && $0.header("authorization") != nil }
            let wrap = try #require(wraps.first)
            #expect(wraps.count == 1)
            #expect(wrap.header("authorization") == "Bearer kek-test-token")
            #expect(wrap.queryValue("api-version") == "2025-07-01")
            #expect(wrap.header("content-type") == "application/json")
            let body = try #require(try JSONSerialization.jsonObject(with: Data(wrap.body)) as? [String: String])
            #expect(body.keys.sorted() == ["alg", "value"])
            #expect(body["alg"] == "RSA-OAEP-256")
            let value = try #require(body["value"])
            #expect(!value.contains("+") && !value.contains("/") && !value.contains("="))
            #expect(KeyVaultKeysFakeVault.decodeBase64url(value) == KEKFixtures.bytes(dataKey))
            // Independent check: the vault's RSA key decrypts what the client stored.
            #expect(vault.decrypt(wrapped.bytes, version: version) == KEKFixtures.bytes(dataKey))
            #expect(credential.requests == [TokenRequest(scopes: ["\(server.baseURL)/.default"], tenantID: "72f988bf-86f1-41af-91ab-2d7cd011db47")])
        }
    }

    @Test("the current version is cached: several wraps cost one lookup")
    func versionIsCached() async throws {
        try await KeyVaultKeysFakeVault.run { _, server in
            let kek = try KEKFixtures.kek(server)
            for _ in 0..<3 { _ = try await kek.wrap(SymmetricKey(size: .bits256)) }
            let lookups = server.requests.filter { $0.method == "GET" && $0.header("authorization") != nil }
            #expect(lookups.count == 1)
        }
    }

    @Test("after a rotation and the cache's time-to-live, new wraps use the new version and old ones still unwrap with theirs")
    func rotation() async throws {
        try await KeyVaultKeysFakeVault.run { vault, server in
            let clock = KEKTestClock()
            let kek = try KEKFixtures.kek(server, versionCacheTTL: .seconds(300), now: clock.now)
            let first = SymmetricKey(size: .bits256)
            let old = try await kek.wrap(first)
            let v1 = vault.currentVersion
            #expect(old.keyVersion == v1)

            let v2 = try vault.rotate()
            #expect(v2 != v1)
            // Within the time-to-live the cached version is still used.
            clock.advance(by: .seconds(200))
            #expect(try await kek.wrap(SymmetricKey(size: .bits256)).keyVersion == v1)
            #expect(try await kek.currentVersion() == v1)

            clock.advance(by: .seconds(101))
            #expect(try await kek.currentVersion() == v2)
            let second = SymmetricKey(size: .bits256)
            let new = try await kek.wrap(second)
            #expect(new.keyVersion == v2)
            #expect(vault.decrypt(new.bytes, version: v2) == KEKFixtures.bytes(second))
            #expect(vault.decrypt(new.bytes, version: v1) == nil)

            #expect(KEKFixtures.bytes(try await kek.unwrap(old)) == KEKFixtures.bytes(first))
            #expect(KEKFixtures.bytes(try await kek.unwrap(new)) == KEKFixtures.bytes(second))
            let unwrapPaths = server.requests.filter { $0.path.hasSuffix("/unwrapkey") && $0.header("authorization") != nil }.map(\.path)
            #expect(unwrapPaths == ["/keys/byok-kek/\(v1)/unwrapkey", "/keys/byok-kek/\(v2)/unwrapkey"])
        }
    }

    @Test("EnvelopeUserKeyVault stores and reads keys with this KEK, and rewrapKeys moves the tenant's entries to the new version")
    func envelopeVaultAndRewrap() async throws {
        try await KeyVaultKeysFakeVault.run { vault, server in
            let clock = KEKTestClock()
            let kek = try KEKFixtures.kek(server, versionCacheTTL: .seconds(60), now: clock.now)
            let store = InMemoryWrappedKeyStore()
            let userVault = EnvelopeUserKeyVault(store: store, kek: kek)
            let v1 = vault.currentVersion

            try await userVault.putKey(SecretValue(KEKFixtures.openAIKey), provider: "openai", context: TestContexts.a)
            try await userVault.putKey(SecretValue("sk-bob-0123456789abcdefghijklmn"), provider: "openai", context: TestContexts.aBob)
            try await userVault.putKey(SecretValue("sk-other-tenant-0123456789abcd"), provider: "openai", context: TestContexts.b)
            let read = try #require(try await userVault.key(provider: "openai", context: TestContexts.a))
            #expect(read.key.revealed() == KEKFixtures.openAIKey)
            #expect(read.summary.lastFour == "KLMN")
            #expect(try await store.records(context: TestContexts.a).map(\.wrappedDataKey.keyVersion) == [v1])

            let v2 = try vault.rotate()
            clock.advance(by: .seconds(61))
            #expect(try await userVault.rewrapKeys(context: TestContexts.a) == 2)

            let tenantA = try await store.tenantRecords(context: TestContexts.a)
            #expect(tenantA.map(\.wrappedDataKey.keyVersion) == [v2, v2])
            #expect(tenantA.allSatisfy { $0.wrappedDataKey.keyID == kek.keyID })
            #expect(try await store.tenantRecords(context: TestContexts.b).map(\.wrappedDataKey.keyVersion) == [v1])
            #expect(try await userVault.key(provider: "openai", context: TestContexts.a)?.key.revealed() == KEKFixtures.openAIKey)
            #expect(try await userVault.key(provider: "openai", context: TestContexts.aBob)?.key.revealed() == "sk-bob-0123456789abcdefghijklmn")
            // Nothing left to move.
            #expect(try await userVault.rewrapKeys(context: TestContexts.a) == 0)
        }
    }

    @Test("403 from the vault is unavailable with a hint about the Key Vault Crypto User role")
    func forbiddenIsUnavailable() async throws {
        var settings = KeyVaultKeysFakeVault.Settings()
        settings.denyAll = true
        try await KeyVaultKeysFakeVault.run(settings: settings) { _, server in
            let kek = try KEKFixtures.kek(server)
            let dataKey = SymmetricKey(size: .bits256)
            await expectError(KeyWrapError.self, { error in
                guard case .unavailable(let keyID, let reason) = error else { return false }
                return keyID == kek.keyID && reason.contains("HTTP 403") && reason.contains("'Key Vault Crypto User'")
            }) {
                _ = try await kek.wrap(dataKey)
            }
            await expectError(KeyWrapError.self, { error in
                guard case .unavailable(_, let reason) = error else { return false }
                return reason.contains("Key Vault Crypto User")
            }) {
                _ = try await kek.unwrap(WrappedDataKey(keyID: kek.keyID, keyVersion: "0123abcd", algorithm: "RSA-OAEP-256", bytes: [1, 2, 3]))
            }
        }
    }

    @Test("a tampered wrapped key fails with unwrapFailed, and through EnvelopeUserKeyVault with integrityCheckFailed")
    func tamperedWrappedKey() async throws {
        try await KeyVaultKeysFakeVault.run { _, server in
            let kek = try KEKFixtures.kek(server)
            var wrapped = try await kek.wrap(SymmetricKey(size: .bits256))
            wrapped.bytes[17] ^= 0x40
            await expectError(KeyWrapError.self, { error in
                guard case .unwrapFailed(let keyID, let reason) = error else { return false }
                return keyID == kek.keyID && reason.contains("HTTP 400")
            }) {
                _ = try await kek.unwrap(wrapped)
            }

            let store = InMemoryWrappedKeyStore()
            let userVault = EnvelopeUserKeyVault(store: store, kek: kek)
            try await userVault.putKey(SecretValue(KEKFixtures.openAIKey), provider: "openai", context: TestContexts.a)
            var record = try #require(try await store.record(provider: "openai", context: TestContexts.a))
            record.wrappedDataKey.bytes[3] ^= 0x01
            store.overwrite(record, tenant: TestContexts.tenantA, user: TestContexts.alice)
            await #expect(throws: UserKeyVaultError.integrityCheckFailed(provider: "openai")) {
                _ = try await userVault.key(provider: "openai", context: TestContexts.a)
            }
        }
    }

    @Test("a version the vault does not have is unknownVersion; another key's or algorithm's wrapped key is unwrapFailed without a request")
    func foreignWrappedKeys() async throws {
        try await KeyVaultKeysFakeVault.run { _, server in
            let kek = try KEKFixtures.kek(server)
            let wrapped = try await kek.wrap(SymmetricKey(size: .bits256))
            var missing = wrapped
            missing.keyVersion = "ffffffffffffffffffffffffffffffff"
            await #expect(throws: KeyWrapError.unknownVersion(keyID: kek.keyID, version: "ffffffffffffffffffffffffffffffff")) {
                _ = try await kek.unwrap(missing)
            }
            var injected = wrapped
            injected.keyVersion = "../../secrets/x"
            await #expect(throws: KeyWrapError.unknownVersion(keyID: kek.keyID, version: "../../secrets/x")) {
                _ = try await kek.unwrap(injected)
            }

            let before = server.requests.count
            var otherKey = wrapped
            otherKey.keyID = "https://other.vault.azure.net/keys/byok-kek"
            var local = wrapped
            local.algorithm = "A256KW"
            for foreign in [otherKey, local] {
                await expectError(KeyWrapError.self, { if case .unwrapFailed = $0 { true } else { false } }) {
                    _ = try await kek.unwrap(foreign)
                }
            }
            #expect(server.requests.count == before)
        }
    }

    @Test("no error description carries the data key or the token, even when the vault echoes the value")
    func errorsCarryNoSecrets() async throws {
        try await KeyVaultKeysFakeVault.run { vault, server in
            let kek = try KEKFixtures.kek(server)
            let dataKey = SymmetricKey(size: .bits256)
            var errors: [KeyWrapError] = []
            func collect(_ body: () async throws -> Void) async {
                do {
                    try await body()
                    Issue.record("expected a KeyWrapError")
                } catch let error as KeyWrapError {
                    errors.append(error)
                } catch {
                    Issue.record("expected a KeyWrapError, got \(error)")
                }
            }

            _ = try await kek.currentVersion()
            vault.script([.init(status: 400, code: "BadParameter", message: "Rejected", echoValue: true)])
            await collect { _ = try await kek.wrap(dataKey) }
            let wrapped = try await kek.wrap(dataKey)
            vault.script([.init(status: 401, code: "Unauthorized", message: "Token refused", echoValue: true),
                          .init(status: 401, code: "Unauthorized", message: "Token refused", echoValue: true)])
            await collect { _ = try await kek.unwrap(wrapped) }
            vault.script([.init(status: 500, code: "InternalError", message: "Failed", echoValue: true),
                          .init(status: 500, code: "InternalError", message: "Failed", echoValue: true),
                          .init(status: 500, code: "InternalError", message: "Failed", echoValue: true)])
            await collect { _ = try await kek.unwrap(wrapped) }
            var tampered = wrapped
            tampered.bytes[0] ^= 0xFF
            await collect { _ = try await kek.unwrap(tampered) }
            vault.update { $0.denyAll = true }
            await collect { _ = try await kek.wrap(dataKey) }

            #expect(errors.count == 5)
            let forbidden = KEKFixtures.secrets(of: dataKey) + [KeyVaultKeysFakeVault.base64url(wrapped.bytes), KeyVaultKeysFakeVault.base64url(tampered.bytes)]
            for error in errors {
                for secret in forbidden {
                    #expect(!error.description.contains(secret), "\(error)")
                }
                #expect(!"\(error)".contains(KEKFixtures.token))
            }
            #expect(errors[0].description.contains("<redacted>"))
        }
    }

    @Test("a transport failure is unavailable and names the vault")
    func transportFailure() async throws {
        let port = try ReservedLoopbackPort(.refusing)
        defer { port.close() }
        let kek = try KeyVaultKeyEncryptionKey(
            vaultURL: "http://127.0.0.1:\(port.port)", keyName: "byok-kek", credential: StaticTokenCredential(token: KEKFixtures.token),
            retrier: Retrier(policy: .none), timeout: TestPatience.generous)
        await expectError(KeyWrapError.self, { error in
            guard case .unavailable(_, let reason) = error else { return false }
            return reason.contains("127.0.0.1") && !reason.contains(KEKFixtures.token)
        }) {
            _ = try await kek.wrap(SymmetricKey(size: .bits256))
        }
    }

    @Test("a key that is not RSA is refused as unusable key material")
    func nonRSAKeyRefused() async throws {
        var settings = KeyVaultKeysFakeVault.Settings()
        settings.keyType = "EC"
        try await KeyVaultKeysFakeVault.run(settings: settings) { _, server in
            let kek = try KEKFixtures.kek(server)
            await expectError(KeyWrapError.self, { error in
                guard case .invalidKeyMaterial(_, let reason) = error else { return false }
                return reason.contains("type EC")
            }) {
                _ = try await kek.currentVersion()
            }
        }
    }

    @Test("configuration: key URLs, names and vault URLs are checked before anything is sent")
    func configuration() throws {
        let credential = StaticTokenCredential(token: KEKFixtures.token)
        let kek = try KeyVaultKeyEncryptionKey(keyURL: "https://DaiBai.vault.azure.net/keys/byok-kek", credential: credential)
        #expect(kek.keyID == "https://daibai.vault.azure.net/keys/byok-kek")
        #expect(kek.vaultURL == "https://daibai.vault.azure.net")
        #expect(kek.keyName == "byok-kek")
        let trailing = try KeyVaultKeyEncryptionKey(keyURL: "https://daibai.vault.azure.net/keys/byok-kek/", credential: credential)
        #expect(trailing.keyID == kek.keyID)

        for bad in [
            "https://daibai.vault.azure.net/keys/byok-kek/0698c2156c1a4e1da5b6bab6f6422fd6",
            "https://daibai.vault.azure.net/secrets/byok-kek",
            "http://daibai.vault.azure.net/keys/byok-kek",
            "https://daibai.vault.azure.net/keys/bad_name",
        ] {
            #expect(throws: KeyWrapError.self, "\(bad)") {
                _ = try KeyVaultKeyEncryptionKey(keyURL: bad, credential: credential)
            }
        }
        #expect(throws: KeyWrapError.self) {
            _ = try KeyVaultKeyEncryptionKey(vaultURL: "https://daibai.vault.azure.net", keyName: "", credential: credential)
        }
        #expect(KeyVaultKeyEncryptionKey.version(ofKeyIdentifier: "https://v.vault.azure.net/keys/BYOK-KEK/abc123", keyName: "byok-kek") == "abc123")
        #expect(KeyVaultKeyEncryptionKey.version(ofKeyIdentifier: "https://v.vault.azure.net/keys/other/abc123", keyName: "byok-kek") == nil)
        #expect(KeyVaultKeyEncryptionKey.version(ofKeyIdentifier: "https://v.vault.azure.net/keys/byok-kek", keyName: "byok-kek") == nil)
    }

    @Test("base64url round-trips every length and refuses standard base64")
    func base64url() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 251) }
            let text = KeyVaultBase64URL.encode(bytes)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(KeyVaultBase64URL.decode(text) == bytes)
        }
        #expect(KeyVaultBase64URL.decode("a+b/") == nil)
        #expect(KeyVaultBase64URL.decode("abcde") == nil)
    }
}
