import Configuration
import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Testing

/// Key Vault references and secret-named keys are resolved and redacted.
@Suite struct AppConfigurationSecretsTests {
    typealias Support = AppConfigurationTestSupport
    typealias Item = AppConfigurationFakeStore.Item

    static let webhookSecret = "whsec_live_value_that_must_stay_hidden"

    /// Shape: learn.microsoft.com/azure/azure-app-configuration/use-key-vault-references-dotnet-core
    /// (value `{"uri":"https://<vault>.vault.azure.net/secrets/<name>"}`).
    static func reference(_ name: String) -> String {
        #"{"uri":"https://daibai-vault.vault.azure.net/secrets/\#(name)"}"#
    }

    static func secretStore() throws -> InMemorySecretStore {
        InMemorySecretStore(secrets: [.local: [try SecretName(validating: "STRIPE_WEBHOOK_SECRET"): SecretValue(webhookSecret)]])
    }

    @Test func aKeyVaultReferenceIsResolvedThroughTheSecretStoreAndMarkedSecret() async throws {
        let store = AppConfigurationFakeStore(items: [
            Item(key: "DaiBai:billing:webhook", contentType: Support.keyVaultReferenceType, value: Self.reference("STRIPE-WEBHOOK-SECRET")),
            Item(key: "DaiBai:llm:default", value: "openai"),
        ])
        try await Support.withStore(store) { server in
            let provider = try await Support.provider(store, server, secretStore: try Self.secretStore())
            let config = ConfigReader(provider: provider)
            #expect(config.string(forKey: "billing.webhook", isSecret: true) == Self.webhookSecret)
            let lookup = try provider.value(forKey: AbsoluteConfigKey(["billing", "webhook"]), type: .string)
            #expect(lookup.value?.isSecret == true)
            #expect(try provider.value(forKey: AbsoluteConfigKey(["llm", "default"]), type: .string).value?.isSecret == false)

            // Nothing that prints the provider or its snapshot shows the value.
            var dumped = ""
            dump(provider.currentSnapshot, to: &dumped)
            dump(provider, to: &dumped)
            let printed = [
                "\(provider)", String(reflecting: provider), "\(provider.currentSnapshot)",
                String(reflecting: provider.currentSnapshot), "\(provider.snapshot())", dumped, "\(lookup)",
            ]
            for text in printed {
                #expect(!text.contains(Self.webhookSecret), "leaked in: \(text)")
                #expect(!text.contains(AppConfigurationFakeStore.accessKeySecret), "access key leaked in: \(text)")
            }
            #expect(String(reflecting: provider.currentSnapshot).contains("billing.webhook=<REDACTED>"))
            #expect(String(reflecting: provider.currentSnapshot).contains("llm.default=openai"))
        }
    }

    @Test func keysNamedLikeSecretsAreMarkedSecret() async throws {
        let store = AppConfigurationFakeStore(items: [
            Item(key: "DaiBai:databases:music:password", value: "hunter2"),
            Item(key: "DaiBai:llm:providers:openai:api_key", value: "sk-test"),
            Item(key: "DaiBai:databases:music:host", value: "db.internal"),
        ])
        try await Support.withStore(store) { server in
            let provider = try await Support.provider(store, server)
            func isSecret(_ components: [String]) throws -> Bool? {
                try provider.value(forKey: AbsoluteConfigKey(components), type: .string).value?.isSecret
            }
            #expect(try isSecret(["databases", "music", "password"]) == true)
            #expect(try isSecret(["llm", "providers", "openai", "api_key"]) == true)
            #expect(try isSecret(["databases", "music", "host"]) == false)
            #expect(!String(reflecting: provider.currentSnapshot).contains("hunter2"))
        }
    }

    @Test func anUnresolvableReferenceFailsTheFirstLoadNamingTheKey() async throws {
        let store = AppConfigurationFakeStore(items: [
            Item(key: "DaiBai:billing:webhook", contentType: Support.keyVaultReferenceType, value: Self.reference("MISSING-SECRET")),
        ])
        try await Support.withStore(store) { server in
            do {
                _ = try await Support.provider(store, server, secretStore: try Self.secretStore())
                Issue.record("the load succeeded without the secret")
            } catch let error as AppConfigurationError {
                guard case .unresolvedKeyVaultReference(let key, let reason) = error else {
                    Issue.record("expected unresolvedKeyVaultReference, got \(error)")
                    return
                }
                #expect(key == "DaiBai:billing:webhook")
                #expect(reason == "secret 'MISSING_SECRET' is not in the in-memory secret store")
                #expect(!"\(error)".contains("vault.azure.net"))
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test func withoutASecretStoreAReferenceCannotBeResolved() async throws {
        let store = AppConfigurationFakeStore(items: [
            Item(key: "DaiBai:billing:webhook", contentType: Support.keyVaultReferenceType, value: Self.reference("STRIPE-WEBHOOK-SECRET")),
        ])
        try await Support.withStore(store) { server in
            await #expect(throws: AppConfigurationError.unresolvedKeyVaultReference(key: "DaiBai:billing:webhook", reason: "no secret store was given to the provider")) {
                _ = try await Support.provider(store, server)
            }
        }
    }

    @Test func onRefreshAnUnresolvableReferenceKeepsThePreviousValue() async throws {
        let store = AppConfigurationFakeStore(items: [
            Item(key: "DaiBai:billing:webhook", contentType: Support.keyVaultReferenceType, value: Self.reference("STRIPE-WEBHOOK-SECRET")),
            Item(key: "DaiBai:llm:default", value: "openai"),
        ])
        let secrets = try Self.secretStore()
        let log = LogCapture()
        try await Support.withStore(store) { server in
            let provider = try await Support.provider(store, server, secretStore: secrets, logger: log.logger())
            try await secrets.deleteSecret(named: SecretName(validating: "STRIPE_WEBHOOK_SECRET"), context: .local)
            store.set(Item(key: "DaiBai:llm:default", value: "anthropic"))
            try await provider.refresh()
            let config = ConfigReader(provider: provider)
            #expect(config.string(forKey: "llm.default") == "anthropic")
            #expect(config.string(forKey: "billing.webhook", isSecret: true) == Self.webhookSecret)
            #expect(try provider.value(forKey: AbsoluteConfigKey(["billing", "webhook"]), type: .string).value?.isSecret == true)
            let warning = log.lines.first { $0.hasPrefix("warning App Configuration Key Vault reference not resolved") }
            #expect(warning?.contains("key=DaiBai:billing:webhook") == true)
            #expect(!log.lines.contains { $0.contains(Self.webhookSecret) })
        }
    }
}
