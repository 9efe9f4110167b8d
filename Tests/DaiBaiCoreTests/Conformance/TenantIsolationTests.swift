import DaiBaiCore
import DaiBaiTesting
import Foundation
import Testing

/// Tenant B (and user Bob of tenant A) must not reach tenant A's (Alice's) records through any API.
@Suite("Tenant isolation")
struct TenantIsolationTests {
    let a = TestContexts.a
    /// Same user id as `a`, other tenant: only the tenant differs.
    let b = TestContexts.b
    /// Same tenant as `a`, other user.
    let bob = TestContexts.aBob

    // MARK: - Chat

    @Test("another tenant cannot read, list, change or delete a conversation", arguments: ChatStoreUnderTest.allCases)
    func chatAcrossTenants(kind: ChatStoreUnderTest) async throws {
        try await kind.withStore { store in
            let original = try await store.createConversation(id: "shared-id", title: "A's secret plans", databaseName: "a-db", context: a)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "A's question"), toConversation: "shared-id", context: a)
            let before = try await store.messages(inConversation: "shared-id", limit: 10, context: a)

            #expect(try await store.conversation(id: "shared-id", context: b) == nil)
            #expect(try await store.conversations(limit: 100, context: b).isEmpty)
            await #expect(throws: ChatStoreError.conversationNotFound(id: "shared-id")) {
                _ = try await store.renameConversation(id: "shared-id", title: "pwned", context: b)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "shared-id")) {
                try await store.deleteConversation(id: "shared-id", context: b)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "shared-id")) {
                _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "injected"), toConversation: "shared-id", context: b)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "shared-id")) {
                _ = try await store.messages(inConversation: "shared-id", limit: 10, context: b)
            }

            // The same id in tenant B is B's own conversation.
            let bs = try await store.createConversation(id: "shared-id", title: "B's", databaseName: nil, context: b)
            #expect(bs.tenant == TestContexts.tenantB)
            _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "B's question"), toConversation: "shared-id", context: b)
            _ = try await store.renameConversation(id: "shared-id", title: "B renamed", context: b)
            #expect(try await store.messages(inConversation: "shared-id", limit: 10, context: b).map(\.content) == ["B's question"])
            #expect(try await store.messages(inConversation: "shared-id", limit: 10, context: b).map(\.sequence) == [0])
            #expect(try await store.conversations(limit: 10, context: b).map(\.title) == ["B renamed"])

            // A's conversation is untouched by all of it.
            var expected = original
            expected.updatedAt = before[0].createdAt
            #expect(try await store.conversation(id: "shared-id", context: a) == expected)
            #expect(try await store.messages(inConversation: "shared-id", limit: 10, context: a) == before)
            #expect(try await store.conversations(limit: 10, context: a) == [expected])

            // Deleting B's copy leaves A's.
            try await store.deleteConversation(id: "shared-id", context: b)
            #expect(try await store.conversation(id: "shared-id", context: b) == nil)
            #expect(try await store.conversation(id: "shared-id", context: a) == expected)
            #expect(try await store.messages(inConversation: "shared-id", limit: 10, context: a) == before)
        }
    }

    @Test("another user of the same tenant cannot reach a conversation", arguments: ChatStoreUnderTest.allCases)
    func chatAcrossUsers(kind: ChatStoreUnderTest) async throws {
        try await kind.withStore { store in
            let original = try await store.createConversation(id: "alices", title: "Alice's", databaseName: nil, context: a)
            let message = try await store.appendMessage(ChatMessageDraft(role: .user, content: "private"), toConversation: "alices", context: a)
            var expected = original
            expected.updatedAt = message.createdAt

            #expect(try await store.conversation(id: "alices", context: bob) == nil)
            #expect(try await store.conversations(limit: 100, context: bob).isEmpty)
            await #expect(throws: ChatStoreError.conversationNotFound(id: "alices")) {
                _ = try await store.renameConversation(id: "alices", title: "x", context: bob)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "alices")) {
                try await store.deleteConversation(id: "alices", context: bob)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "alices")) {
                _ = try await store.appendMessage(ChatMessageDraft(role: .user, content: "x"), toConversation: "alices", context: bob)
            }
            await #expect(throws: ChatStoreError.conversationNotFound(id: "alices")) {
                _ = try await store.messages(inConversation: "alices", limit: 10, context: bob)
            }
            // Ids are unique inside a tenant, so Bob cannot take over the id either.
            await #expect(throws: ChatStoreError.conversationExists(id: "alices")) {
                _ = try await store.createConversation(id: "alices", title: "Bob's", databaseName: nil, context: bob)
            }
            // Bob's own conversations are not Alice's.
            _ = try await store.createConversation(id: "bobs", title: "Bob's", databaseName: nil, context: bob)
            #expect(try await store.conversations(limit: 10, context: a) == [expected])
            #expect(try await store.conversation(id: "bobs", context: a) == nil)
            #expect(try await store.conversations(limit: 10, context: bob).map(\.id) == ["bobs"])
            #expect(try await store.messages(inConversation: "alices", limit: 10, context: a) == [message])
        }
    }

    // MARK: - Inventory

    @Test("another tenant cannot read, list, remove or overwrite an inventory entry", arguments: DataInventoryUnderTest.allCases)
    func inventoryAcrossTenants(kind: DataInventoryUnderTest) async throws {
        try await kind.withInventory { inventory in
            let server = DataServer(name: "warehouse", dialect: .postgresql, location: .cloud, connectionSecret: secretName("A_CONN"), summary: "A's")
            let original = try await inventory.register(server, context: a)

            #expect(try await inventory.server(named: "warehouse", context: b) == nil)
            #expect(try await inventory.servers(context: b).isEmpty)
            await #expect(throws: DataInventoryError.notFound(name: "warehouse")) {
                try await inventory.remove(named: "warehouse", context: b)
            }

            // Registering the same name in B creates B's own entry.
            let bServer = DataServer(name: "warehouse", dialect: .mysql, location: .onPremises, connectionSecret: secretName("B_CONN"), summary: nil)
            let bRecord = try await inventory.register(bServer, context: b)
            #expect(bRecord.tenant == TestContexts.tenantB)
            #expect(bRecord.createdAt != original.createdAt)
            #expect(try await inventory.server(named: "warehouse", context: b)?.server == bServer)
            #expect(try await inventory.servers(context: b).map(\.server) == [bServer])

            #expect(try await inventory.server(named: "warehouse", context: a) == original)
            #expect(try await inventory.servers(context: a) == [original])

            try await inventory.remove(named: "warehouse", context: b)
            #expect(try await inventory.server(named: "warehouse", context: a) == original)
            #expect(try await inventory.server(named: "warehouse", context: b) == nil)

            // Users of the same tenant share the tenant's inventory.
            #expect(try await inventory.server(named: "warehouse", context: bob) == original)
        }
    }

    // MARK: - Secrets

    @Test("another tenant cannot read, list, overwrite or delete a secret", arguments: SecretStoreUnderTest.allCases)
    func secretsAcrossTenants(kind: SecretStoreUnderTest) async throws {
        try await kind.withStore { store in
            let name = secretName("WAREHOUSE_PASSWORD")
            try await store.setSecret(SecretValue("a-value"), named: name, context: a)

            #expect(try await store.secret(named: name, context: b) == nil)
            #expect(try await store.secretNames(context: b).isEmpty)
            await #expect(throws: SecretStoreError.notFound(name)) {
                try await store.deleteSecret(named: name, context: b)
            }
            await #expect(throws: SecretStoreError.notFound(name)) {
                _ = try await store.requireSecret(named: name, context: b)
            }

            try await store.setSecret(SecretValue("b-value"), named: name, context: b)
            #expect(try await store.secret(named: name, context: b)?.revealed() == "b-value")
            #expect(try await store.secret(named: name, context: a)?.revealed() == "a-value")
            #expect(try await store.secretNames(context: a) == [name])
            #expect(try await store.secretNames(context: b) == [name])

            try await store.deleteSecret(named: name, context: b)
            #expect(try await store.secret(named: name, context: b) == nil)
            #expect(try await store.secret(named: name, context: a)?.revealed() == "a-value")
            #expect(try await store.secretNames(context: a) == [name])
        }
    }

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
