import DaiBaiAzure
import DaiBaiCore
import Testing

/// One vault shared by every tenant (`.perTenant`): names that cannot collide, tags checked on
/// every read, and no way for one tenant to read, list, overwrite or delete another's secrets.
@Suite("KeyVault tenant isolation")
struct KeyVaultTenantIsolationTests {
    /// `dbt-` + the first 24 hex digits of SHA-256("daibai.keyvault.tenant:acme"), computed with
    /// `printf 'daibai.keyvault.tenant:acme' | sha256sum`.
    static let acmePrefix = "dbt-8ab081f7e6a6dec830d25ce9-"
    /// The same for `globex`.
    static let globexPrefix = "dbt-21c8aaccfe3072b39ebe9297-"

    @Test("Vault names are the tenant-hash prefix plus the case-preserving encoding of the name")
    func vaultNames() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            let store = try KeyVaultFixtures.store(server, layout: .perTenant)

            try await store.setSecret(SecretValue("1"), named: KeyVaultFixtures.name("OPENAI_API_KEY"), context: KeyVaultFixtures.acme)
            try await store.setSecret(SecretValue("2"), named: KeyVaultFixtures.name("Db-pass"), context: KeyVaultFixtures.globex)

            #expect(Set(vault.storedNames) == [
                Self.acmePrefix + "OPENAI-0API-0KEY",
                Self.globexPrefix + "D-b-1-p-a-s-s",
            ])
            let tags = vault.stored(Self.acmePrefix + "OPENAI-0API-0KEY")?.versions.last?.tags
            #expect(tags == ["daibai-tenant": "acme", "daibai-name": "OPENAI_API_KEY"])
        }
    }

    @Test("Names differing only in case, '_' or '-' stay distinct secrets in the case-insensitive vault")
    func caseAndSeparatorsStayDistinct() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            let store = try KeyVaultFixtures.store(server, layout: .perTenant)
            let raw = ["API_KEY", "api_key", "Api-Key", "API-KEY"]
            for (index, name) in raw.enumerated() {
                try await store.setSecret(SecretValue("value-\(index)"), named: KeyVaultFixtures.name(name), context: KeyVaultFixtures.acme)
            }

            for (index, name) in raw.enumerated() {
                let value = try await store.secret(named: KeyVaultFixtures.name(name), context: KeyVaultFixtures.acme)
                #expect(value?.revealed() == "value-\(index)")
            }
            let names = try await store.secretNames(context: KeyVaultFixtures.acme)
            #expect(names.map(\.rawValue) == raw.sorted())
            #expect(vault.storedNames.count == 4)
        }
    }

    @Test("A secret under the tenant's vault name but tagged for another tenant is never used or touched")
    func collisionTagCheck() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            // As if another tenant's hash collided with acme's: the vault name is acme's, the tags are not.
            let vaultName = Self.acmePrefix + "DB-0PASSWORD"
            vault.seed(vaultName, value: "someone-elses", tags: ["daibai-tenant": "mallory", "daibai-name": "DB_PASSWORD"])
            let store = try KeyVaultFixtures.store(server, layout: .perTenant)
            let name = try KeyVaultFixtures.name("DB_PASSWORD")
            let a = KeyVaultFixtures.acme

            let read = try await store.secret(named: name, context: a)
            let names = try await store.secretNames(context: a)
            let setError = await #expect(throws: SecretStoreError.self) {
                try await store.setSecret(SecretValue("acme-pass"), named: name, context: a)
            }
            let deleteError = await #expect(throws: SecretStoreError.self) {
                try await store.deleteSecret(named: name, context: a)
            }

            #expect(read == nil)
            #expect(names.isEmpty)
            guard case .integrityFailure(let message)? = setError else {
                Issue.record("expected .integrityFailure, got \(String(describing: setError))")
                return
            }
            #expect(message.contains("tenant tags do not match"))
            #expect(!message.contains("someone-elses"))
            #expect(deleteError == .notFound(name))
            #expect(vault.stored(vaultName)?.versions.map(\.value) == ["someone-elses"])
        }
    }

    @Test("An untagged secret under a tenant's vault name is not read as the tenant's")
    func untaggedSecretIsIgnored() async throws {
        try await KeyVaultFakeVault.run { vault, server in
            vault.seed(Self.acmePrefix + "KEY", value: "planted")
            let store = try KeyVaultFixtures.store(server, layout: .perTenant)

            #expect(try await store.secret(named: KeyVaultFixtures.name("KEY"), context: KeyVaultFixtures.acme) == nil)
            #expect(try await store.secretNames(context: KeyVaultFixtures.acme).isEmpty)
        }
    }

    @Test("A name whose encoding does not fit the vault's 127 characters is rejected before any request")
    func tooLongName() async throws {
        try await KeyVaultFakeVault.run { _, server in
            let store = try KeyVaultFixtures.store(server, layout: .perTenant)
            let name = try KeyVaultFixtures.name(String(repeating: "a", count: 50))

            let error = await #expect(throws: SecretStoreError.self) {
                try await store.setSecret(SecretValue("v"), named: name, context: KeyVaultFixtures.acme)
            }

            guard case .misconfigured(let message)? = error else {
                Issue.record("expected .misconfigured, got \(String(describing: error))")
                return
            }
            #expect(message.contains("at most 98 characters"))
            #expect(server.requests.isEmpty)
        }
    }
}
