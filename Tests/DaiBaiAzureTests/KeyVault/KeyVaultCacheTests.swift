import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

@testable import DaiBaiAzure

/// The short-lived value cache: fewer GETs, expiry on an injected clock, invalidation by writes,
/// and one request for concurrent reads of the same secret.
@Suite("KeyVault secret cache")
struct KeyVaultCacheTests {
    static func secretGETs(_ server: LoopbackHTTPServer, _ path: String) -> Int {
        server.requests.filter { $0.method == "GET" && $0.path == path && $0.header("authorization") != nil }.count
    }

    @Test("A cached value is served without a second GET and expires after the TTL")
    func hitAndExpiry() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            vault.seed("OPENAI-API-KEY", value: "sk-1")
            let clock = KeyVaultTestClock()
            let store = try KeyVaultFixtures.store(server, cacheTTL: .seconds(30), now: clock.now)
            let name = try KeyVaultFixtures.name("OPENAI_API_KEY")

            _ = try await store.secret(named: name, context: .local)
            clock.advance(by: .seconds(29))
            let cached = try await store.secret(named: name, context: .local)
            #expect(cached?.revealed() == "sk-1")
            #expect(Self.secretGETs(server, "/secrets/OPENAI-API-KEY") == 1)

            vault.seed("OPENAI-API-KEY", value: "sk-2")
            clock.advance(by: .seconds(2))
            let refreshed = try await store.secret(named: name, context: .local)
            #expect(refreshed?.revealed() == "sk-2")
            #expect(Self.secretGETs(server, "/secrets/OPENAI-API-KEY") == 2)
        }
    }

    @Test("Setting and deleting invalidate the cached value, also under an alias of the name")
    func writesInvalidate() async throws {
        try await KeyVaultFakeVault.run { _, server in
            let store = try KeyVaultFixtures.store(server, cacheTTL: .seconds(30))
            let name = try KeyVaultFixtures.name("DB_URL")
            let alias = try KeyVaultFixtures.name("DB-URL")
            try await store.setSecret(SecretValue("old"), named: name, context: .local)
            #expect(try await store.secret(named: name, context: .local)?.revealed() == "old")

            try await store.setSecret(SecretValue("new"), named: alias, context: .local)
            #expect(try await store.secret(named: name, context: .local)?.revealed() == "new")

            try await store.deleteSecret(named: alias, context: .local)
            #expect(try await store.secret(named: name, context: .local) == nil)
        }
    }

    @Test("The cache is per tenant")
    func perTenant() async throws {
        try await KeyVaultFakeVault.run { _, server in
            let store = try KeyVaultFixtures.store(server, layout: .perTenant, cacheTTL: .seconds(30))
            let name = try KeyVaultFixtures.name("KEY")
            try await store.setSecret(SecretValue("acme"), named: name, context: KeyVaultFixtures.acme)
            #expect(try await store.secret(named: name, context: KeyVaultFixtures.acme)?.revealed() == "acme")

            #expect(try await store.secret(named: name, context: KeyVaultFixtures.globex) == nil)
        }
    }

    @Test("Concurrent reads of one secret share a single GET, even with caching off")
    func singleFlight() async throws {
        let gate = TestSignal()
        try await KeyVaultFakeVault.run(readGate: gate) { _, server in
            let store = try KeyVaultFixtures.store(server, cacheTTL: .zero)
            let name = try KeyVaultFixtures.name("SHARED")
            try await store.setSecret(SecretValue("one-request"), named: name, context: .local)
            let key = KeyVaultSecretCache.Key(tenant: .local, vaultName: "SHARED")

            let values = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<5 {
                    group.addTask { try await store.secret(named: name, context: .local)?.revealed() }
                }
                // Release the vault's answer once the four followers wait for the leader's request.
                let followersWait = await waitUntil { store.cache.waiterCount(for: key) >= 4 }
                #expect(followersWait, "the four followers never waited on the leader's request")
                gate.fire()
                var values: [String?] = []
                for try await value in group { values.append(value) }
                return values
            }

            #expect(values == Array(repeating: "one-request", count: 5))
            #expect(Self.secretGETs(server, "/secrets/SHARED") == 1)
        }
    }
}

/// 429 and 5xx answers are retried through Core's retry helper, honouring `Retry-After`.
@Suite("KeyVault retries")
struct KeyVaultRetryTests {
    /// shape: KeyVaultError as Key Vault sends it when throttled (Azure Key Vault throttling guidance).
    static let throttled = KeyVaultFakeVault.Scripted(
        status: 429, headers: ["Retry-After": "7"], code: "Throttled",
        message: "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached")

    @Test("A 429 with Retry-After is retried after the server's wait, then succeeds")
    func retryAfter429() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            vault.seed("A", value: "after-throttle")
            let sleeps = KeyVaultSleepRecorder()
            let store = try KeyVaultFixtures.store(server, retrier: sleeps.retrier())
            _ = try await store.secretNames(context: .local)
            vault.script([Self.throttled])

            let value = try await store.secret(named: KeyVaultFixtures.name("A"), context: .local)

            #expect(value?.revealed() == "after-throttle")
            #expect(sleeps.recorded == [.seconds(7)])
            #expect(server.requests.suffix(2).map(\.path) == ["/secrets/A", "/secrets/A"])
        }
    }

    @Test("When retries run out the error carries the final status, code and message")
    func exhausted() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            let sleeps = KeyVaultSleepRecorder()
            let store = try KeyVaultFixtures.store(server, retrier: sleeps.retrier(maxAttempts: 2))
            _ = try await store.secretNames(context: .local)
            // shape: KeyVaultError with a 503 status, as a vault under maintenance answers.
            let unavailable = KeyVaultFakeVault.Scripted(
                status: 503, headers: [:], code: "ServiceUnavailable", message: "The service is temporarily unavailable.")
            vault.script([unavailable, unavailable])

            let error = await #expect(throws: SecretStoreError.self) {
                _ = try await store.secret(named: KeyVaultFixtures.name("A"), context: .local)
            }

            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("HTTP 503 ServiceUnavailable: The service is temporarily unavailable."))
            #expect(text.contains("try again later"))
            #expect(sleeps.recorded.count == 1)
        }
    }
}
