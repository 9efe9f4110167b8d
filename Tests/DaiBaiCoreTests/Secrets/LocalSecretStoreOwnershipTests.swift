import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

/// Which tenant a local secret store that belongs to one owner serves. (Isolation between tenants
/// of the multi-tenant stores is a check of the conformance kit, `SecretStoreConformance`.)
@Suite("Local secret store ownership")
struct LocalSecretStoreOwnershipTests {
    let a = TestContexts.a
    /// Same user id as `a`, other tenant: only the tenant differs.
    let b = TestContexts.b
    /// Same tenant as `a`, other user.
    let bob = TestContexts.aBob

    @Test("the environment store serves its owner tenant only")
    func environmentOwner() async throws {
        let environment = ["OPENAI_API_KEY": "sk-env", "DB_PASSWORD": "pw"]
        let store = EnvironmentSecretStore(environment: environment)
        let local = RequestContext.local
        let other = RequestContext(tenant: TestContexts.tenantB, user: .local)
        #expect(try await store.secret(named: secretName("OPENAI_API_KEY"), context: local)?.revealed() == "sk-env")
        #expect(try await store.secretNames(context: local).map(\.rawValue) == ["DB_PASSWORD", "OPENAI_API_KEY"])
        #expect(try await store.secret(named: secretName("OPENAI_API_KEY"), context: other) == nil)
        #expect(try await store.secretNames(context: other).isEmpty)
        await #expect(throws: SecretStoreError.readOnly(store: "environment")) {
            try await store.setSecret(SecretValue("x"), named: secretName("OPENAI_API_KEY"), context: other)
        }
        await #expect(throws: SecretStoreError.readOnly(store: "environment")) {
            try await store.deleteSecret(named: secretName("OPENAI_API_KEY"), context: other)
        }

        let owned = EnvironmentSecretStore(environment: environment, owner: TestContexts.tenantA)
        #expect(try await owned.secret(named: secretName("OPENAI_API_KEY"), context: a)?.revealed() == "sk-env")
        #expect(try await owned.secret(named: secretName("OPENAI_API_KEY"), context: local) == nil)
        #expect(try await owned.secretNames(context: local).isEmpty)
        #expect(try await owned.secretNames(context: b).isEmpty)
    }

    @Test("a single-tenant directory store serves its owner tenant only")
    func directorySingleTenantOwner() async throws {
        try await withTemporaryDirectory { dir in
            let root = dir.appendingPathComponent("run-secrets")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try Data("owner-value\n".utf8).write(to: root.appendingPathComponent("API_TOKEN"))
            let store = DirectorySecretStore(root: root.path, layout: .singleTenant(owner: TestContexts.tenantA))
            let name = secretName("API_TOKEN")

            #expect(try await store.secret(named: name, context: a)?.revealed() == "owner-value")
            #expect(try await store.secret(named: name, context: bob)?.revealed() == "owner-value")
            #expect(try await store.secretNames(context: a) == [name])

            #expect(try await store.secret(named: name, context: b) == nil)
            #expect(try await store.secretNames(context: b).isEmpty)
            await #expect(throws: SecretStoreError.self) {
                try await store.setSecret(SecretValue("b-value"), named: name, context: b)
            }
            await #expect(throws: SecretStoreError.self) {
                try await store.deleteSecret(named: name, context: b)
            }
            do throws(SecretStoreError) {
                try await store.setSecret(SecretValue("b-value"), named: secretName("B_ONLY"), context: b)
                Issue.record("a non-owner tenant could write")
            } catch {
                guard case .readOnly = error else { Issue.record("expected readOnly, got \(error)"); return }
            }
            #expect(try String(contentsOf: root.appendingPathComponent("API_TOKEN"), encoding: .utf8) == "owner-value\n")
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("B_ONLY").path))
            #expect(try await store.secretNames(context: a) == [name])

            // The owner can write flat files.
            try await store.setSecret(SecretValue("new"), named: secretName("SECOND_KEY"), context: a)
            #expect(try String(contentsOf: root.appendingPathComponent("SECOND_KEY"), encoding: .utf8) == "new\n")
        }
    }

    @Test("a per-tenant directory store keeps each tenant in its own directory")
    func directoryPerTenantLayout() async throws {
        try await withTemporaryDirectory { dir in
            let store = DirectorySecretStore(root: dir.path, layout: .perTenant)
            try await store.setSecret(SecretValue("a"), named: secretName("KEY"), context: a)
            try await store.setSecret(SecretValue("b"), named: secretName("KEY"), context: b)
            #expect(try String(contentsOfFile: dir.path + "/tenant-a/KEY", encoding: .utf8) == "a\n")
            #expect(try String(contentsOfFile: dir.path + "/tenant-b/KEY", encoding: .utf8) == "b\n")
            // A flat file at the root belongs to no tenant.
            try Data("flat".utf8).write(to: dir.appendingPathComponent("FLAT"))
            #expect(try await store.secret(named: secretName("FLAT"), context: a) == nil)
            #expect(try await store.secretNames(context: a) == [secretName("KEY")])
        }
    }
}
