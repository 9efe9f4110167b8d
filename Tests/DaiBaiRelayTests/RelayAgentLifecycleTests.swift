import DaiBaiCore
import DaiBaiRelay
import DaiBaiRelayTestSupport
import DaiBaiTestSupport
import Foundation
import Logging
import ServiceLifecycle
import Testing

@Suite("Relay: agent lifecycle")
struct RelayAgentLifecycleTests {
    @Test("a graceful shutdown of its service group stops the agent and closes its control channel")
    func gracefulShutdown() async throws {
        let relay = try await LocalRelayServer.start(keys: ["agent-listen": RelayHarness.listenKey])
        let agent = RelayAgent(
            address: HybridConnectionAddress(namespace: "contoso.servicebus.windows.net", path: "hc", endpointOverride: relay.endpoint),
            tokens: SharedAccessKeyTokenProvider(keyName: "agent-listen", key: SecretValue(RelayHarness.listenKey)),
            configuration: RelayAgentConfiguration(tenant: RelayHarness.acme.tenant, databases: []),
            listenerConfiguration: RelayHarness.listenerConfiguration)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [.init(service: agent)], logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        try await relay.waitForListeners(path: "hc", count: 1, timeout: TestPatience.generous)
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(await waitUntil { relay.activeListeners(path: "hc") == 0 })
        #expect(relay.listenerConnections(path: "hc") == 1, "it did not reconnect while stopping")
        await relay.shutdown()
    }
}
