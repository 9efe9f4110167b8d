import DaiBaiAzure
import DaiBaiAzureTestSupport
import DaiBaiCore
import Foundation
import Testing

/// `AzureDeployment.cosmosClient()`: the client applications use for the Cosmos stores they
/// compose themselves (the server's wrapped user keys), authenticated like the stack's own.
@Suite("AzureDeployment's Cosmos DB client")
struct DeploymentCosmosClientTests {
    @Test("on the azure profile it reaches the stack's account with the deployment's credential")
    func reachesTheAccountOnTheAzureProfile() async throws {
        try await CloudSwitchTests.withAzure(items: { _ in [] }) { _, cosmos, environment, workspace in
            cosmos.seedContainer(database: "daibai", container: "userkeys")
            let deployment = try await CloudSwitchTests.bootstrap(environment, workspace: workspace)
            let found = try #require(try deployment.cosmosClient())
            #expect(found.settings.userKeysContainer == "userkeys")
            let store = CosmosWrappedKeyStore(client: found.client, database: found.settings.cosmosDatabase, container: found.settings.userKeysContainer)
            let context = RequestContext.local
            let record = WrappedKeyRecord(
                tenant: context.tenant, user: context.user, provider: "openai", keyVersion: 1, lastFour: "wxyz",
                sealedKey: Array(repeating: 7, count: 44),
                wrappedDataKey: WrappedDataKey(keyID: "local", keyVersion: "v1", algorithm: "A256KW", bytes: Array(repeating: 9, count: 40)),
                updatedAt: Date(timeIntervalSince1970: 1_700_000_000))
            try await store.save(record, expectedVersion: nil, context: context)
            #expect(try await store.record(provider: "openai", context: context) == record)
            // The fake accepts only the Azure CLI's token: the client signed with the deployment's credential.
            #expect(cosmos.documents(database: "daibai", container: "userkeys", partition: context.tenant.rawValue).count == 1)
        }
    }

    @Test("COSMOS_USERKEYS_CONTAINER names another container")
    func containerFromTheEnvironment() async throws {
        try await CloudSwitchTests.withAzure(items: { _ in [] }) { _, _, environment, workspace in
            var environment = environment
            environment["COSMOS_USERKEYS_CONTAINER"] = "wrapped-keys"
            let deployment = try await CloudSwitchTests.bootstrap(environment, workspace: workspace)
            #expect(try deployment.cosmosClient()?.settings.userKeysContainer == "wrapped-keys")
        }
    }

    @Test("on the local profile there is none")
    func noneLocally() async throws {
        let workspace = try CloudSwitchTests.makeWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let environment = ["HOME": workspace.path, "STORAGE_DIRECTORY": workspace.path + "/data"]
        let deployment = try await CloudSwitchTests.bootstrap(environment, workspace: workspace)
        #expect(try deployment.cosmosClient() == nil)
    }
}
