import Configuration
import DaiBaiCore
import DaiBaiTesting
import Testing

@Suite("Bootstrap: one place builds the stack from configuration")
struct BootstrapTests {
    func reader(_ environment: [String: String]) throws -> ConfigReader {
        try ConfigurationLoader.load(.init(searchPaths: [], dotEnvFile: nil, environment: environment)).reader
    }

    @Test("the local defaults build a working stack of SQLite stores in the data directory")
    func localDefaults() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let stack = try await DaiBaiStack.bootstrap(config: try reader(["STORAGE_DIRECTORY": dir.path, "OPENAI_API_KEY": "sk-1"]))
        #expect(stack.backends == [.secrets: "environment", .chat: "sqlite", .inventory: "sqlite", .usageSink: "discard", .usagePolicy: "allow-all"])
        #expect(stack.chats is SQLiteChatStore)
        #expect(stack.inventory is SQLiteDataInventory)
        #expect(stack.secrets is EnvironmentSecretStore)

        let conversation = try await stack.chats.createConversation(id: nil, title: "t", databaseName: nil, context: .local)
        #expect(try await stack.chats.conversation(id: conversation.id, context: .local) == conversation)
        let chatFile = dir.path + "/chat.sqlite"
        #expect(FileManager.default.fileExists(atPath: chatFile))
    }

    @Test("explicit backend settings choose the implementation")
    func explicitBackends() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let stack = try await DaiBaiStack.bootstrap(config: try reader([
            "STORAGE_DIRECTORY": dir.path,
            "SECRETS_BACKEND": "encrypted-file",
            "SECRETS_ENCRYPTION_KEY": EncryptedFileSecretStore.generateKey().revealed(),
        ]))
        #expect(stack.secrets is EncryptedFileSecretStore)
        try await stack.secrets.setSecret(SecretValue("v"), named: try SecretName(validating: "DB_URL"), context: .local)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/secrets.json"))
    }

    @Test("the encrypted file store without a key fails and names the setting; there is no built-in key")
    func encryptedFileNeedsAKey() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let error = await #expect(throws: BootstrapError.self) {
            try await DaiBaiStack.bootstrap(config: try reader(["STORAGE_DIRECTORY": dir.path, "SECRETS_BACKEND": "encrypted-file"]))
        }
        guard case .configuration(.missingSetting(let key, _))? = error else {
            Issue.record("expected a missing-setting error, got \(String(describing: error))")
            return
        }
        #expect(key == "secrets.encryption_key")
    }

    @Test("a malformed encryption key fails without echoing it")
    func malformedKeyIsNotEchoed() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let error = await #expect(throws: BootstrapError.self) {
            try await DaiBaiStack.bootstrap(config: try reader(["STORAGE_DIRECTORY": dir.path, "SECRETS_BACKEND": "encrypted-file", "SECRETS_ENCRYPTION_KEY": "not-a-real-key-zzz"]))
        }
        let message = try #require(error).description
        #expect(message.contains("encrypted-file"))
        #expect(!message.contains("not-a-real-key-zzz"))
    }

    @Test("an unknown backend is an error listing the registered ones")
    func unknownBackend() async throws {
        let error = await #expect(throws: BootstrapError.self) {
            try await DaiBaiStack.bootstrap(config: try reader(["CHAT_BACKEND": "mongodb"]))
        }
        #expect(error == .unknownBackend(kind: .chat, name: "mongodb", registered: ["sqlite"]))
    }

    @Test("AZURE_DEPLOYMENT=true without DaiBaiAzure registered fails instead of falling back to local")
    func azureProfileNeedsAzureModule() async throws {
        let error = await #expect(throws: BootstrapError.self) {
            try await DaiBaiStack.bootstrap(config: try reader(["AZURE_DEPLOYMENT": "true"]))
        }
        #expect(error == .unknownProfile("azure", registered: ["local"]))
        #expect(error?.description.contains("DaiBaiAzure") == true)
    }

    @Test("another module can register its own backends and profile without Core knowing it")
    func pluggableProfile() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cloudSecrets = InMemorySecretStore()
        let cloudChats = InMemoryChatStore()
        var registry = ComponentRegistry.localDefaults()
        registry.registerSecretStore("cloud-vault") { _ in cloudSecrets }
        registry.registerChatStore("cloud-documents") { _ in cloudChats }
        registry.registerProfile("azure", defaults: [.secrets: "cloud-vault", .chat: "cloud-documents"])

        let stack = try await DaiBaiStack.bootstrap(config: try reader(["AZURE_DEPLOYMENT": "true", "STORAGE_DIRECTORY": dir.path]), registry: registry)
        #expect(stack.settings.storage.deployment == "azure")
        #expect(stack.backends[.secrets] == "cloud-vault")
        #expect(stack.backends[.chat] == "cloud-documents")
        #expect(stack.backends[.inventory] == "sqlite", "components the profile leaves out use the local default")
        let conversation = try await stack.chats.createConversation(id: "c1", title: "x", databaseName: nil, context: .local)
        #expect(try await cloudChats.conversation(id: conversation.id, context: .local) != nil)
    }
}

import Foundation
