import DaiBaiCore
import DaiBaiRelay
import DaiBaiRelayTestSupport
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Logging
import Testing

/// A local relay, a relay agent serving tenant `acme` behind it, and the cloud side's
/// inventory-backed directory that reaches the agent only through the relay.
struct RelayHarness: Sendable {
    static let namespace = "contoso.servicebus.windows.net"
    static let path = "acme-onprem"
    static let listenKey = "bGlzdGVuLWtleS1mb3ItdGVzdHMtb25seQ=="
    static let sendKey = "c2VuZC1rZXktZm9yLXRlc3RzLW9ubHk="
    static let acme = RequestContext(tenant: TenantID(rawValue: "acme") ?? .local, user: .local)
    static let globex = RequestContext(tenant: TenantID(rawValue: "globex") ?? .local, user: .local)

    let relay: LocalRelayServer
    let inventory: InMemoryDataInventory
    let secrets: InMemorySecretStore
    let directory: InventoryDatabaseDirectory
    let agentLog: LogCapture

    /// The send connection string the tenant's inventory holds for its on-premises servers.
    static func sendConnectionString(key: String = sendKey) -> SecretValue {
        SecretValue("Endpoint=sb://\(namespace)/;SharedAccessKeyName=cloud-send;SharedAccessKey=\(key);EntityPath=\(path)")
    }

    var address: HybridConnectionAddress {
        HybridConnectionAddress(namespace: Self.namespace, path: Self.path, endpointOverride: relay.endpoint)
    }

    /// Listener settings for tests: quick reconnects. Correctness depends on none of these times.
    static let listenerConfiguration = ListenerConfiguration(reconnectDelays: [.milliseconds(20)], minimumRenewalInterval: .milliseconds(50))

    /// Runs `body` with a relay, an agent exposing `databases` for `acme`, and the cloud side;
    /// every database is registered as on-premises in acme's inventory.
    static func with(
        databases: [ExposedDatabase],
        dialects: [String: SQLDialect],
        listenerTokens: (any RelayTokenProvider)? = nil,
        listenerConfiguration: ListenerConfiguration = RelayHarness.listenerConfiguration,
        expectOffline: Bool = false,
        _ body: (RelayHarness) async throws -> Void
    ) async throws {
        let relay = try await LocalRelayServer.start(namespace: namespace, keys: ["agent-listen": listenKey, "cloud-send": sendKey])
        let inventory = InMemoryDataInventory()
        let secrets = InMemorySecretStore()
        let secretName = try SecretName(validating: "ACME_RELAY")
        try await secrets.setSecret(sendConnectionString(), named: secretName, context: acme)
        for (name, dialect) in dialects.sorted(by: { $0.key < $1.key }) {
            try await inventory.register(DataServer(name: name, dialect: dialect, location: .onPremises, connectionSecret: secretName), context: acme)
        }
        let directory = InventoryDatabaseDirectory(
            inventory: inventory, secrets: secrets, onPremises: RelayConnectorFactory(endpointOverride: relay.endpoint, connectAllowance: TestPatience.generous))
        let agentLog = LogCapture()
        let harness = RelayHarness(relay: relay, inventory: inventory, secrets: secrets, directory: directory, agentLog: agentLog)
        let agent = RelayAgent(
            address: harness.address,
            tokens: listenerTokens ?? SharedAccessKeyTokenProvider(keyName: "agent-listen", key: SecretValue(listenKey)),
            configuration: RelayAgentConfiguration(tenant: acme.tenant, databases: databases, requestReadTimeout: TestPatience.generous),
            listenerConfiguration: listenerConfiguration,
            logger: agentLog.logger(label: "daibai.relay.agent"))
        let running = Task { try await agent.run() }
        do {
            if listenerTokens == nil || !expectOffline {
                try await relay.waitForListeners(path: path, count: 1, timeout: TestPatience.generous)
            }
            try await body(harness)
        } catch {
            running.cancel()
            _ = await running.result
            await relay.shutdown()
            throw error
        }
        running.cancel()
        _ = await running.result
        await relay.shutdown()
    }

    /// The cloud side's connector for `name`, as the Agent would get it.
    func connector(_ name: String, context: RequestContext = RelayHarness.acme) async throws -> any DatabaseConnector {
        try await directory.database(named: name, context: context).connector
    }
}

/// The PostgreSQL server `scripts/test` starts (`DAIBAI_TEST_POSTGRES_URL`); with
/// `DAIBAI_TEST_REQUIRE_POSTGRES=1` a missing server fails instead of skipping.
enum RelayTestPostgres {
    static var url: String? { ProcessInfo.processInfo.environment["DAIBAI_TEST_POSTGRES_URL"] }
    static var isAvailable: Bool { url != nil || ProcessInfo.processInfo.environment["DAIBAI_TEST_REQUIRE_POSTGRES"] == "1" }
}
