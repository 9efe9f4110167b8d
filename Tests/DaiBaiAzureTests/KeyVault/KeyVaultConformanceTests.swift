import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Testing

/// The conformance kit's SecretStore checks against a vault shared by every tenant
/// (`.perTenant`), over real HTTP to the fake vault. What only Key Vault has (its names, tags,
/// challenges, soft delete) is in the other KeyVault suites.
@Suite("KeyVault store conformance")
struct KeyVaultConformanceTests {
    static let secretStore = SecretStoreSubject("KeyVaultSecretStore (per tenant)") { _, body in
        try await KeyVaultFakeVault.run { _, server in
            try await body(try KeyVaultFixtures.store(server, layout: .perTenant))
        }
    }

    @Test("SecretStore", arguments: SecretStoreConformance.checks)
    func secretStore(check: ConformanceCheck<any SecretStore>) async throws {
        try await check.run(on: Self.secretStore)
    }
}
