import DaiBaiAzure
import DaiBaiAzureTestSupport
import DaiBaiCore
import Foundation

/// Cosmos DB request units per ask: the Agent with the SDK's ``CosmosChatStore`` on the Cosmos
/// fake over real loopback HTTP; the RU are the `x-ms-request-charge` values of the responses the
/// SDK received, summed by a transport wrapped around the SDK's real one
/// (``ChargeRecordingTransport``). The container is provisioned by the SDK, so its indexing
/// policy (which the fake's charge follows) is the production one.
struct CosmosRUMeasurement {
    struct Result {
        var newConversationRU: Double
        var followUpRU: Double
        var listRU: Double
        var newConversationRequests: Double
        var followUpRequests: Double
        var storedBytesPerAsk: Double
        var asks: Int
    }

    /// `conversations` conversations of one new ask and `followUps` follow-ups each, alternating
    /// the verified-cache and the model path.
    static func run(sample: SampleAgent, conversations: Int = 12, followUps: Int = 2) async throws -> Result {
        try await CosmosFakeServer.with { fake, server in
            let recording = ChargeRecordingTransport(base: AsyncHTTPClientTransport())
            let client = try CosmosClient(
                endpoint: server.baseURL, authentication: .masterKey(SecretValue(CosmosFakeServer.emulatorKey)), transport: recording)
            try await CosmosChatStore.provision(client: client, database: "daibai", container: "state")
            let store = CosmosChatStore(client: client, database: "daibai", container: "state")
            let context = RequestContext(tenant: try TenantID(validating: "acme"), user: try UserID(validating: "ana"))
            let agent = try await sample.agent(chats: store, context: context)
            recording.reset()

            var newRU: [Double] = [], newRequests: [Double] = [], followRU: [Double] = [], followRequests: [Double] = []
            var index = 0
            func question() -> String {
                defer { index += 1 }
                return index % 2 == 0
                    ? SampleAgent.cacheQuestions[(index / 2) % SampleAgent.cacheQuestions.count]
                    : SampleAgent.modelQuestions[(index / 2) % SampleAgent.modelQuestions.count]
            }
            var asks = 0
            for _ in 0..<conversations {
                let first = try await agent.ask(AgentRequest(question: question(), context: context))
                let tally = recording.reset()
                newRU.append(tally.requestUnits)
                newRequests.append(Double(tally.requests))
                asks += 1
                for _ in 0..<followUps {
                    _ = try await agent.ask(AgentRequest(question: question(), context: context, conversationID: first.conversationID))
                    let tally = recording.reset()
                    followRU.append(tally.requestUnits)
                    followRequests.append(Double(tally.requests))
                    asks += 1
                }
            }
            _ = try await store.conversations(limit: 20, context: context)
            let list = recording.reset()
            let stored = fake.documents(database: "daibai", container: "state", partition: "acme").values.reduce(0) { $0 + $1.bytes.count }
            return Result(
                newConversationRU: mean(newRU), followUpRU: mean(followRU), listRU: list.requestUnits,
                newConversationRequests: mean(newRequests), followUpRequests: mean(followRequests),
                storedBytesPerAsk: Double(stored) / Double(max(1, asks)), asks: asks)
        }
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}
