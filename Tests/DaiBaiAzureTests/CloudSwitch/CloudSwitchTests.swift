import Configuration
import DaiBaiAzure
import DaiBaiAzureTestSupport
import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Testing

/// The cloud switch of the seed design's Phase 1: `AZURE_DEPLOYMENT=true` takes configuration from
/// App Configuration, secrets from Key Vault and chat history and inventory from Cosmos DB, all
/// through `DefaultAzureCredential`; otherwise the local defaults.
@Suite("Cloud switch: AZURE_DEPLOYMENT selects Azure or local")
struct CloudSwitchTests {
    /// The token the stand-in `az` prints; every fake service accepts only it.
    static let cliToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.cloud-switch-cli-token.sig"

    /// A temporary directory with a stand-in `az` on its `bin/` that prints a token in the
    /// real format of `az account get-access-token --output json` (Azure CLI 2.54+ adds `expires_on`).
    static func makeWorkspace() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("daibai-cloud-switch-\(UUID().uuidString)")
        let bin = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let expires = Int(Date().timeIntervalSince1970) + 3600
        let script = """
            #!/bin/sh
            echo "$@" >> "\(root.path)/az-calls.log"
            cat <<JSON
            {
              "accessToken": "\(cliToken)",
              "expiresOn": "2030-01-01 00:00:00.000000",
              "expires_on": \(expires),
              "subscription": "00000000-0000-0000-0000-000000000001",
              "tenant": "72f988bf-86f1-41af-91ab-2d7cd011db47",
              "tokenType": "Bearer"
            }
            JSON
            """
        let az = bin.appendingPathComponent("az")
        try script.write(to: az, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: az.path)
        return root
    }

    /// The environment of a machine with no Azure variables but the deployment ones: no `.env`,
    /// no service principal; IMDS is pointed at a refusing loopback port, so the chain reaches the CLI.
    static func environment(workspace: URL, appConfig: String, vault: String, cosmos: String, imds: String) -> [String: String] {
        [
            "AZURE_DEPLOYMENT": "true",
            "AZURE_APPCONFIG_ENDPOINT": appConfig,
            "KEY_VAULT_URL": vault,
            "COSMOS_ENDPOINT": cosmos,
            "AZURE_POD_IDENTITY_AUTHORITY_HOST": imds,
            "PATH": workspace.appendingPathComponent("bin").path + ":/usr/bin:/bin",
            "HOME": workspace.path,
        ]
    }

    /// The bootstrap under test, with generous credential timeouts (a busy machine must not make
    /// the stand-in CLI or the refused IMDS probe decide the outcome).
    static func bootstrap(_ environment: [String: String], workspace: URL) async throws(BootstrapError) -> AzureDeployment {
        try await AzureBootstrap.bootstrap(options: options(environment, workspace: workspace), credentialOptions: IdentityFixtures.patient)
    }

    static func options(_ environment: [String: String], workspace: URL) -> ConfigurationLoader.Options {
        ConfigurationLoader.Options(searchPaths: [], dotEnvFile: workspace.appendingPathComponent(".env").path, environment: environment)
    }

    /// Runs `body` with App Configuration, Key Vault and Cosmos DB fakes that accept only the CLI's token.
    static func withAzure<T>(
        items: (_ vaultURL: String) -> [AppConfigurationFakeStore.Item],
        _ body: (_ vault: KeyVaultFakeVault, _ cosmos: CosmosFakeServer, _ environment: [String: String], _ workspace: URL) async throws -> T
    ) async throws -> T {
        let workspace = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let imds = try ReservedLoopbackPort(.refusing)
        defer { imds.close() }
        var vaultSettings = KeyVaultFakeVault.Settings()
        vaultSettings.acceptedToken = cliToken
        return try await KeyVaultFakeVault.run(settings: vaultSettings) { vault, vaultServer in
            try await CosmosFakeServer.with(authorization: .entraToken(cliToken)) { cosmos, cosmosServer in
                cosmos.seedContainer(database: "daibai", container: "chats")
                cosmos.seedContainer(database: "daibai", container: "inventory")
                let store = AppConfigurationFakeStore(items: items(vaultServer.baseURL), authentication: .bearer(token: cliToken))
                return try await withLoopbackServer(store.routes) { appConfigServer in
                    let environment = Self.environment(
                        workspace: workspace, appConfig: appConfigServer.baseURL, vault: vaultServer.baseURL, cosmos: cosmosServer.baseURL,
                        imds: imds.baseURL)
                    return try await body(vault, cosmos, environment, workspace)
                }
            }
        }
    }

    @Test("success criterion 1: with AZURE_DEPLOYMENT=true and no .env the stack starts on the Azure CLI's login")
    func startsWithTheAzureCLICredential() async throws {
        try await Self.withAzure(items: { vaultURL in
            [
                .init(key: "app:greeting", label: nil, contentType: nil, value: "hello from App Configuration"),
                // shape: App Configuration Key Vault reference (content type and {"uri"} value, protocol-vectors.md)
                .init(key: "app:openai_api_key", label: nil,
                      contentType: "application/vnd.microsoft.appconfig.keyvaultref+json;charset=utf-8",
                      value: #"{"uri":"\#(vaultURL)/secrets/OPENAI-API-KEY"}"#),
            ]
        }) { vault, _, environment, workspace in
            vault.seed("OPENAI-API-KEY", value: "sk-from-key-vault-0001")
            #expect(!FileManager.default.fileExists(atPath: workspace.appendingPathComponent(".env").path))

            let deployment = try await Self.bootstrap(environment, workspace: workspace)
            let stack = deployment.stack

            #expect(stack.settings.storage.deployment == "azure")
            #expect(stack.backends == [.secrets: "key-vault", .chat: "cosmos", .inventory: "cosmos", .usageSink: "discard", .usagePolicy: "allow-all"])
            #expect(stack.secrets.storeName == "key-vault")
            #expect(deployment.services.count == 1)
            // Configuration from App Configuration; its Key Vault reference resolved and marked secret.
            #expect(stack.config.string(forKey: "app.greeting") == "hello from App Configuration")
            #expect(stack.config.string(forKey: "app.openai_api_key", isSecret: true) == "sk-from-key-vault-0001")
            // Secrets from Key Vault, through the same CLI login.
            #expect(try await stack.secrets.secret(named: try SecretName(validating: "OPENAI_API_KEY"), context: .local)?.revealed() == "sk-from-key-vault-0001")
            // Chat history in Cosmos DB, partitioned by tenant.
            let conversation = try await stack.chats.createConversation(id: "c1", title: "first", databaseName: nil, context: .local)
            #expect(try await stack.chats.conversation(id: "c1", context: .local) == conversation)
            // The token came from the stand-in az, asked for each service's resource.
            let calls = try String(contentsOf: workspace.appendingPathComponent("az-calls.log"), encoding: .utf8)
            #expect(calls.contains("account get-access-token --output json --resource"))
        }
    }

    @Test("success criterion 3: a remote database's connection string is read from Key Vault and the Agent runs a query with it",
          .enabled(if: CloudSwitchPostgres.url != nil || CloudSwitchPostgres.isRequired, "run with scripts/test to start PostgreSQL"))
    func agentQueriesARemoteDatabaseFromKeyVault() async throws {
        let postgresURL = try #require(CloudSwitchPostgres.url, "DAIBAI_TEST_POSTGRES_URL is not set: run the suite with scripts/test")
        try await Self.withAzure(items: { _ in [] }) { vault, cosmos, environment, workspace in
            vault.seed("REMOTE-DB-URL", value: postgresURL)
            let stack = try await Self.bootstrap(environment, workspace: workspace).stack
            _ = try await stack.inventory.register(
                DataServer(name: "remote", dialect: .postgresql, location: .cloud, connectionSecret: try SecretName(validating: "REMOTE_DB_URL")), context: .local)
            let databases = InventoryDatabaseDirectory(inventory: stack.inventory, secrets: stack.secrets)
            let model = ScriptedLLMProvider(replies: [.text("```sql\nSELECT 40 + 2 AS answer\n```")])
            let agent = Agent(model: model, databases: databases, chats: stack.chats)

            let answer = try await agent.ask(AgentRequest(question: "What is forty plus two?", context: .local, databaseName: "remote", execute: true))
            await databases.shutdown()

            #expect(answer.sql == "SELECT 40 + 2 AS answer")
            #expect(answer.result?.rows.map { $0.map(\.description) } == [["42"]])
            // The inventory entry lives in Cosmos, in the tenant's partition.
            #expect(cosmos.documents(database: "daibai", container: "inventory", partition: "local").count == 1)
        }
    }

    @Test("a missing required setting is one error naming each one and the variable that sets it")
    func missingSettingsAreNamed() async throws {
        let workspace = try Self.makeWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let environment = ["AZURE_DEPLOYMENT": "true", "KEY_VAULT_URL": "https://example.vault.azure.net", "HOME": workspace.path]
        do {
            _ = try await Self.bootstrap(environment, workspace: workspace)
            Issue.record("the bootstrap succeeded without AZURE_APPCONFIG_ENDPOINT and COSMOS_ENDPOINT")
        } catch {
            guard case .configuration(.missingSetting(let key, let hint)) = error else {
                Issue.record("expected a missing-setting error, got \(error)")
                return
            }
            #expect(key == "azure.appconfig.endpoint, cosmos.endpoint")
            #expect(hint.contains("AZURE_APPCONFIG_ENDPOINT") && hint.contains("COSMOS_ENDPOINT") && !hint.contains("KEY_VAULT_URL"))
        }
    }

    @Test("without AZURE_DEPLOYMENT the same call builds the local stack and needs no Azure")
    func localWithoutTheSwitch() async throws {
        let workspace = try Self.makeWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let environment = ["HOME": workspace.path, "STORAGE_DIRECTORY": workspace.path + "/data"]
        let deployment = try await Self.bootstrap(environment, workspace: workspace)
        #expect(deployment.stack.settings.storage.deployment == "local")
        #expect(deployment.stack.backends[.chat] == "sqlite")
        #expect(deployment.credential == nil && deployment.services.isEmpty)
    }

    @Test("success criterion 2 (runtime): a secret missing from Key Vault is an error, never a built-in value")
    func missingSecretIsAnError() async throws {
        try await Self.withAzure(items: { _ in [] }) { _, _, environment, workspace in
            let stack = try await Self.bootstrap(environment, workspace: workspace).stack
            #expect(try await stack.secrets.secret(named: try SecretName(validating: "OPENAI_API_KEY"), context: .local) == nil)
            let name = try SecretName(validating: "OPENAI_API_KEY")
            await #expect(throws: SecretStoreError.notFound(name)) {
                _ = try await stack.secrets.requireSecret(named: name, context: .local)
            }
            #expect(stack.config.string(forKey: "llm.providers.openai.api_key", isSecret: true) == nil)
        }
    }
}

/// The PostgreSQL server `scripts/test` starts (`DAIBAI_TEST_POSTGRES_URL`); with
/// `DAIBAI_TEST_REQUIRE_POSTGRES=1` a missing server fails instead of skipping.
enum CloudSwitchPostgres {
    static var url: String? { ProcessInfo.processInfo.environment["DAIBAI_TEST_POSTGRES_URL"] }
    static var isRequired: Bool { ProcessInfo.processInfo.environment["DAIBAI_TEST_REQUIRE_POSTGRES"] == "1" }
}
