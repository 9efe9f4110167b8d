import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Testing

/// The conformance kit can fail: stores with a known defect must fail the checks that cover it.
@Suite("Conformance kit self-test")
struct ConformanceKitSelfTests {
    /// A secret store that forgets which tenant asked, so every tenant shares one set of secrets.
    struct TenantBlindSecretStore: SecretStore {
        let base = InMemorySecretStore()
        var storeName: String { "tenant-blind" }
        func secret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) -> SecretValue? {
            try await base.secret(named: name, context: .local)
        }
        func setSecret(_ value: SecretValue, named name: SecretName, context: RequestContext) async throws(SecretStoreError) {
            try await base.setSecret(value, named: name, context: .local)
        }
        func deleteSecret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) {
            try await base.deleteSecret(named: name, context: .local)
        }
        func secretNames(context: RequestContext) async throws(SecretStoreError) -> [SecretName] {
            try await base.secretNames(context: .local)
        }
    }

    /// An inventory that lists its entries in reverse name order.
    struct ReverseListingInventory: DataInventory {
        let base: InMemoryDataInventory
        func register(_ server: DataServer, context: RequestContext) async throws(DataInventoryError) -> DataServerRecord {
            try await base.register(server, context: context)
        }
        func server(named name: String, context: RequestContext) async throws(DataInventoryError) -> DataServerRecord? {
            try await base.server(named: name, context: context)
        }
        func servers(context: RequestContext) async throws(DataInventoryError) -> [DataServerRecord] {
            try await base.servers(context: context).reversed()
        }
        func remove(named name: String, context: RequestContext) async throws(DataInventoryError) {
            try await base.remove(named: name, context: context)
        }
    }

    static func check<Store>(_ name: String, in checks: [ConformanceCheck<Store>]) throws -> ConformanceCheck<Store> {
        try #require(checks.first { $0.name == name })
    }

    @Test("the isolation check catches a store that ignores the tenant")
    func tenantBlindStoreFails() async throws {
        let check = try Self.check("another tenant cannot read, list, overwrite or delete a secret", in: SecretStoreConformance.checks)
        let subject = SecretStoreSubject("tenant-blind") { _, body in try await body(TenantBlindSecretStore()) }
        await withKnownIssue("tenant B sees tenant A's secret") {
            try await check.run(on: subject)
        }
        // The same check passes on a correct store, so the issue above came from the defect.
        try await check.run(on: SecretStoreSubject("correct") { _, body in try await body(InMemorySecretStore()) })
    }

    @Test("the ordering check catches an inventory that lists out of order")
    func misorderedInventoryFails() async throws {
        let check = try Self.check("servers are listed sorted by name", in: DataInventoryConformance.checks)
        let subject = DataInventorySubject("reverse") { setup, body in
            try await body(ReverseListingInventory(base: InMemoryDataInventory(clock: setup.clock)))
        }
        await withKnownIssue("entries come back in reverse") {
            try await check.run(on: subject)
        }
        try await check.run(on: DataInventorySubject("correct") { setup, body in
            try await body(InMemoryDataInventory(clock: setup.clock))
        })
    }
}
