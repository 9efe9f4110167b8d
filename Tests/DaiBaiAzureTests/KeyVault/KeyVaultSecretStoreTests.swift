import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Testing

/// Reads, writes, deletes and listings of a single-tenant vault over real HTTP, and the errors
/// the vault's documented failures turn into.
@Suite("KeyVault secret store")
struct KeyVaultSecretStoreTests {
    @Test("A secret round-trips under its Key Vault name (OPENAI_API_KEY is stored as OPENAI-API-KEY)")
    func roundTrip() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            let logs = LogCapture()
            let store = try KeyVaultFixtures.store(server, logger: logs.logger())
            let name = try KeyVaultFixtures.name("OPENAI_API_KEY")

            try await store.setSecret(SecretValue("sk-test-123"), named: name, context: .local)
            let read = try await store.secret(named: name, context: .local)

            #expect(read?.revealed() == "sk-test-123")
            #expect(logs.text.contains("secret=OPENAI-API-KEY"))
            #expect(!logs.text.contains("sk-test-123"))
            #expect(!logs.text.contains("test-token"))
            #expect(vault.storedNames == ["OPENAI-API-KEY"])
            let put = try #require(server.requests.last { $0.method == "PUT" && $0.header("authorization") != nil })
            #expect(put.path == "/secrets/OPENAI-API-KEY")
            #expect(put.queryValue("api-version") == "2025-07-01")
            #expect(put.header("content-type") == "application/json")
            #expect(put.bodyText == #"{"tags":{"daibai-name":"OPENAI_API_KEY","daibai-tenant":"local"},"value":"sk-test-123"}"#)
        }
    }

    @Test("Secrets stored by other tools (portal, az CLI) are read by their SecretName")
    func readsUntaggedSecrets() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            vault.seed("WAREHOUSE-CONNECTION-STRING", value: "Server=tcp:db;Password=p4ss")
            let store = try KeyVaultFixtures.store(server)

            let value = try await store.secret(named: KeyVaultFixtures.name("WAREHOUSE_CONNECTION_STRING"), context: .local)
            let alias = try await store.secret(named: KeyVaultFixtures.name("warehouse-connection-string"), context: .local)

            #expect(value?.revealed() == "Server=tcp:db;Password=p4ss")
            #expect(alias?.revealed() == "Server=tcp:db;Password=p4ss")
        }
    }

    @Test("Deleting removes the secret; reads then return nil")
    func delete() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            vault.seed("GEMINI-API-KEY", value: "g-1")
            let store = try KeyVaultFixtures.store(server)
            let name = try KeyVaultFixtures.name("GEMINI_API_KEY")

            try await store.deleteSecret(named: name, context: .local)

            #expect(try await store.secret(named: name, context: .local) == nil)
            #expect(vault.stored("GEMINI-API-KEY") == nil)
            #expect(server.requests.contains { $0.method == "DELETE" && $0.path == "/secrets/GEMINI-API-KEY" })
        }
    }

    @Test("Listing follows nextLink pages and maps vault names back to SecretNames")
    func listingPagesAndMapsNames() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            vault.update { $0.pageSize = 10 }
            for index in 0..<22 { vault.seed("KEY-\(index)", value: "v\(index)") }
            vault.seed("my-name", value: "x", tags: ["daibai-name": "my-name"])
            vault.seed("DISABLED-ONE", value: "x", enabled: false)
            vault.seed("cert-backing", value: "x", managed: true)
            vault.seed("1PASSWORD", value: "x")
            let store = try KeyVaultFixtures.store(server)

            let names = try await store.secretNames(context: .local)

            let expected = ((0..<22).map { "KEY_\($0)" } + ["my-name"]).sorted()
            #expect(names.map(\.rawValue) == expected)
            let pages = server.requests.filter { $0.path == "/secrets" && $0.header("authorization") != nil }
            #expect(pages.count == 3)
            #expect(pages[0].queryValue("maxresults") == "25")
            #expect(pages[1].queryValue("$skiptoken") == "10")
            #expect(pages[2].queryValue("$skiptoken") == "20")
            #expect(pages.allSatisfy { $0.queryValue("api-version") == "2025-07-01" })
        }
    }

    @Test("A nextLink to another origin is refused and nothing is sent there")
    func foreignNextLinkRefused() async throws {
        try await withLoopbackServer([.init("/*") { _ in .text(200, "{}") }]) { elsewhere in
            try await KeyVaultFakeVault.run { vault, server in
                vault.update {
                    $0.pageSize = 1
                    $0.nextLinkOrigin = elsewhere.baseURL
                }
                vault.seed("A", value: "1")
                vault.seed("B", value: "2")
                let store = try KeyVaultFixtures.store(server)

                let error = await #expect(throws: SecretStoreError.self) {
                    _ = try await store.secretNames(context: .local)
                }

                let text = error.map { "\($0)" } ?? ""
                #expect(text.contains("nextLink"))
                #expect(text.contains("not followed"))
                #expect(elsewhere.requests.isEmpty)
            }
        }
    }

    @Test("A version of a secret is read by its version id")
    func versions() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            let store = try KeyVaultFixtures.store(server)
            let name = try KeyVaultFixtures.name("ROTATED_KEY")
            try await store.setSecret(SecretValue("first"), named: name, context: .local)
            try await store.setSecret(SecretValue("second"), named: name, context: .local)
            let firstVersion = try #require(vault.stored("ROTATED-KEY")?.versions.first?.id)

            let latest = try await store.secret(named: name, context: .local)
            let old = try await store.secret(named: name, version: firstVersion, context: .local)

            #expect(latest?.revealed() == "second")
            #expect(old?.revealed() == "first")
            #expect(server.requests.contains { $0.path == "/secrets/ROTATED-KEY/\(firstVersion)" })
        }
    }

    @Test("A disabled secret is an error that says so, with the vault's code and message")
    func disabledSecret() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            vault.seed("OLD-KEY", value: "old-value", enabled: false)
            let store = try KeyVaultFixtures.store(server)

            let error = await #expect(throws: SecretStoreError.self) {
                _ = try await store.secret(named: KeyVaultFixtures.name("OLD_KEY"), context: .local)
            }

            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("HTTP 403 Forbidden (SecretDisabled): Operation get is not allowed on a disabled secret."))
            #expect(text.contains("enable it"))
            #expect(!text.contains("old-value"))
        }
    }

    @Test("Missing permissions (403) name the code, the message and the role to grant")
    func forbidden() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            vault.update { $0.denyAll = true }
            let store = try KeyVaultFixtures.store(server)

            let error = await #expect(throws: SecretStoreError.self) {
                _ = try await store.secret(named: KeyVaultFixtures.name("A"), context: .local)
            }

            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("HTTP 403 Forbidden: Caller is not authorized"))
            #expect(text.contains("Key Vault Secrets User"))
        }
    }

    @Test("Setting a name held by a soft-deleted secret says to recover or purge, without the value")
    func softDeleteConflict() async throws {
        try await KeyVaultFakeVault.run { _, server in
            let logs = LogCapture()
            let store = try KeyVaultFixtures.store(server, logger: logs.logger())
            let name = try KeyVaultFixtures.name("STRIPE_SECRET")
            try await store.setSecret(SecretValue("sk_live_first"), named: name, context: .local)
            try await store.deleteSecret(named: name, context: .local)

            let error = await #expect(throws: SecretStoreError.self) {
                try await store.setSecret(SecretValue("sk_live_second"), named: name, context: .local)
            }

            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("HTTP 409 Conflict (ObjectIsDeletedButRecoverable): Secret STRIPE-SECRET is currently in a deleted but recoverable state"))
            #expect(text.contains("recover it"))
            #expect(text.contains("purge it"))
            for secret in ["sk_live_first", "sk_live_second", "test-token"] {
                #expect(!text.contains(secret))
                #expect(!logs.text.contains(secret))
            }
            #expect(logs.text.contains("STRIPE-SECRET"))
            #expect(logs.text.contains("host=127.0.0.1"))
        }
    }

    @Test("After purging the deleted secret its name can be set again")
    func purgeThenSet() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            let store = try KeyVaultFixtures.store(server, layout: .perTenant)
            let name = try KeyVaultFixtures.name("STRIPE_SECRET")
            let a = KeyVaultFixtures.acme
            try await store.setSecret(SecretValue("first"), named: name, context: a)
            try await store.deleteSecret(named: name, context: a)
            let otherTenantError = await #expect(throws: SecretStoreError.self) {
                try await store.purgeDeletedSecret(named: name, context: KeyVaultFixtures.globex)
            }

            try await store.purgeDeletedSecret(named: name, context: a)
            try await store.setSecret(SecretValue("second"), named: name, context: a)

            #expect(otherTenantError == .notFound(name))
            #expect(try await store.secret(named: name, context: a)?.revealed() == "second")
            #expect(server.requests.contains { $0.method == "DELETE" && $0.path.hasPrefix("/deletedsecrets/dbt-") })
        }
    }

    @Test("A vault message quoting the value being written is redacted")
    func echoedValueIsRedacted() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            let store = try KeyVaultFixtures.store(server)
            _ = try await store.secret(named: KeyVaultFixtures.name("WARMUP"), context: .local)
            // shape: KeyVaultError (stable/7.5/common.json) with a message quoting the request, as a worst case.
            vault.script([.init(status: 400, headers: [:], code: "BadParameter", message: "Invalid value 'hunter2-secret' for the secret.")])

            let error = await #expect(throws: SecretStoreError.self) {
                try await store.setSecret(SecretValue("hunter2-secret"), named: KeyVaultFixtures.name("PASSWORD"), context: .local)
            }

            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("HTTP 400 BadParameter: Invalid value '<redacted>' for the secret."))
            #expect(!text.contains("hunter2-secret"))
        }
    }

    @Test("Tenants other than the single-tenant owner see nothing and cannot write; no request is made")
    func singleTenantNonOwner() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            vault.seed("OPENAI-API-KEY", value: "sk-owner")
            let store = try KeyVaultFixtures.store(server, layout: .singleTenant(owner: KeyVaultFixtures.acme.tenant))
            let name = try KeyVaultFixtures.name("OPENAI_API_KEY")
            let other = KeyVaultFixtures.globex

            let read = try await store.secret(named: name, context: other)
            let names = try await store.secretNames(context: other)
            let setError = await #expect(throws: SecretStoreError.self) {
                try await store.setSecret(SecretValue("sk-attacker"), named: name, context: other)
            }
            let deleteError = await #expect(throws: SecretStoreError.self) {
                try await store.deleteSecret(named: name, context: other)
            }

            #expect(read == nil)
            #expect(names.isEmpty)
            #expect(setError == .readOnly(store: "key-vault (single-tenant, belongs to another tenant)"))
            #expect(deleteError == .readOnly(store: "key-vault (single-tenant, belongs to another tenant)"))
            #expect(server.requests.isEmpty)
            #expect(try await store.secret(named: name, context: KeyVaultFixtures.acme)?.revealed() == "sk-owner")
        }
    }

    @Test("Vault URLs that are not https (outside loopback) or carry a path are rejected", arguments: [
        "http://myvault.vault.azure.net/",
        "http://127.evil.example/",
        "https://myvault.vault.azure.net/secrets/x",
        "https://user:pw@myvault.vault.azure.net/",
        "myvault",
        "",
    ])
    func invalidVaultURL(url: String) {
        let error = #expect(throws: SecretStoreError.self) {
            _ = try KeyVaultSecretStore(vaultURL: url, credential: StaticTokenCredential(), layout: .perTenant)
        }
        guard case .misconfigured(let message)? = error else {
            Issue.record("expected .misconfigured, got \(String(describing: error))")
            return
        }
        #expect(message.contains("https://myvault.vault.azure.net/"))
    }

    @Test("The vault URL is normalised to its origin")
    func vaultURLOrigin() throws {
        let store = try KeyVaultSecretStore(
            vaultURL: "https://MyVault.vault.azure.net:443/", credential: StaticTokenCredential(), layout: .perTenant)
        #expect(store.vaultURL == "https://myvault.vault.azure.net")
        #expect(store.storeName == "key-vault")
    }
}
