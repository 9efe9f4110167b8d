import DaiBaiCore
import DaiBaiRelay
import DaiBaiTesting
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Relay: daibai-relay-agent configuration")
struct RelayAgentSettingsTests {
    static func load(_ yaml: String, environment: [String: String] = [:], in directory: URL) throws -> RelayAgentSettings {
        let file = directory.appendingPathComponent("daibai-relay-agent.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let loaded = try ConfigurationLoader.load(.init(configFile: file.path, dotEnvFile: nil, environment: environment))
        return try RelayAgentSettings(config: loaded.reader)
    }

    @Test("a config file and the environment give the hybrid connection, the tenant, the key and the databases")
    func fileAndEnvironment() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("music.sqlite").path
            try SampleDatabase.createMusicStore(at: path)
            let settings = try Self.load("""
                relay:
                  hybrid_connection: acme-onprem
                  tenant: acme
                  key_name: agent-listen
                  max_rows: 250
                databases:
                  music:
                    dialect: sqlite
                    path: \(path)
                """, environment: ["RELAY_NAMESPACE": "contoso.servicebus.windows.net", "RELAY_KEY": "bGlzdGVuLWtleQ=="], in: directory)
            #expect(settings.address.description == "contoso.servicebus.windows.net/acme-onprem")
            #expect(settings.tenant.rawValue == "acme")
            #expect(settings.maxRows == 250)
            #expect(settings.databases.map(\.name) == ["music"])
            let tokens = try await settings.tokens(from: settings.secretStore(environment: ["RELAY_KEY": "bGlzdGVuLWtleQ=="]))
            #expect((tokens as? SharedAccessKeyTokenProvider)?.keyName == "agent-listen")
            let databases = try settings.openDatabases(logger: LogCapture().logger())
            #expect(databases.first?.connector.dialect == .sqlite)
        }
    }

    @Test("a missing key secret names the secret and where it was looked for, never a value")
    func missingKey() async throws {
        try await withTemporaryDirectory { directory in
            let settings = try Self.load("""
                relay: {namespace: ns.servicebus.windows.net, hybrid_connection: hc, tenant: acme, key_name: listen, key_secret: AGENT_KEY}
                databases: {music: {dialect: sqlite, path: /nonexistent.sqlite}}
                """, in: directory)
            let error = await #expect(throws: RelayError.self) {
                try await settings.tokens(from: settings.secretStore(environment: ["RELAY_KEY": "other"]))
            }
            #expect(error?.description.contains("AGENT_KEY") == true)
            #expect(error?.description.contains("other") == false)
            let opening = #expect(throws: RelayError.self) { try settings.openDatabases(logger: LogCapture().logger()) }
            #expect(opening?.description.contains("databases.music") == true)
        }
    }

    @Test("without relay.key_name the agent signs in with Microsoft Entra ID, for the Relay scope")
    func entraWithoutAKeyName() async throws {
        try await withTemporaryDirectory { directory in
            let settings = try Self.load("""
                relay: {namespace: ns.servicebus.windows.net, hybrid_connection: hc, tenant: acme}
                databases: {music: {dialect: sqlite, path: /nonexistent.sqlite}}
                """, in: directory)
            #expect(settings.keyName == nil)
            let credential = StaticTokenCredential(token: "entra-access-token")
            let tokens = try await settings.tokens(from: settings.secretStore(environment: [:]), credential: credential)
            #expect(tokens is EntraRelayTokenProvider)
            #expect(try await tokens.token(for: "sb://ns.servicebus.windows.net/hc").value.revealed() == "entra-access-token")
            #expect(credential.requests.map(\.scopes) == [[EntraRelayTokenProvider.scope]])
            let error = await #expect(throws: RelayError.self) {
                try await settings.tokens(from: settings.secretStore(environment: [:]))
            }
            #expect(error?.description.contains("relay.key_name") == true)
        }
    }

    @Test("missing required settings name the key and its environment variable")
    func missingSettings() async throws {
        try await withTemporaryDirectory { directory in
            let error = #expect(throws: ConfigurationError.self) {
                try Self.load("relay: {hybrid_connection: hc, tenant: acme, key_name: listen}\ndatabases: {m: {dialect: sqlite, path: /x}}", in: directory)
            }
            #expect(error?.description.contains("relay.namespace") == true)
            #expect(error?.description.contains("RELAY_NAMESPACE") == true)
            let noDatabases = #expect(throws: ConfigurationError.self) {
                try Self.load("relay: {namespace: ns, hybrid_connection: hc, tenant: acme, key_name: listen}", in: directory)
            }
            #expect(noDatabases?.description.contains("databases") == true)
            let badEndpoint = #expect(throws: ConfigurationError.self) {
                try Self.load("relay: {namespace: ns, hybrid_connection: hc, tenant: acme, key_name: listen, endpoint: 'http://x'}\ndatabases: {m: {dialect: sqlite, path: /x}}", in: directory)
            }
            #expect(badEndpoint?.description.contains("relay.endpoint") == true)
        }
    }
}
